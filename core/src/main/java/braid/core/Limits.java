package braid.core;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's limits, shared by its runs: fixed ones by name, keyed families made on demand ({@code "host:" + key}
 * gets its own limiter the first time a task names it), and rate limits, fixed or keyed the same way. A name can
 * carry a concurrency limit and a rate at once.
 */
final class Limits {
    record Rate(double perSecond, int burst) {}

    record Breaker(int failures, java.time.Duration coolDown) {}

    private final Map<String, Limiter> fixed;
    private final Map<String, Integer> keyed;
    private final Map<String, RateLimiter> fixedRates;
    private final Map<String, Rate> keyedRates;
    private final ConcurrentHashMap<String, Limiter> made = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RateLimiter> madeRates = new ConcurrentHashMap<>();
    private final Map<String, Breaker> keyedBreakers;
    private final ConcurrentHashMap<String, CircuitBreaker> madeBreakers = new ConcurrentHashMap<>();

    Limits(Map<String, Integer> fixed, Map<String, Integer> keyed, Map<String, Rate> rates, Map<String, Rate> keyedRates) {
        this(fixed, keyed, rates, keyedRates, Map.of());
    }

    Limits(Map<String, Integer> fixed, Map<String, Integer> keyed, Map<String, Rate> rates, Map<String, Rate> keyedRates,
           Map<String, Breaker> keyedBreakers) {
        this.keyedBreakers = Map.copyOf(keyedBreakers);
        Map<String, Limiter> f = new java.util.LinkedHashMap<>();
        fixed.forEach((k, v) -> f.put(k, new Limiter(k, v)));
        this.fixed = Map.copyOf(f);
        this.keyed = Map.copyOf(keyed);
        Map<String, RateLimiter> r = new java.util.LinkedHashMap<>();
        rates.forEach((k, v) -> r.put(k, new RateLimiter(k, v.perSecond(), v.burst())));
        this.fixedRates = Map.copyOf(r);
        this.keyedRates = Map.copyOf(keyedRates);
    }

    /** The gates a name stands for: its concurrency limiter, its rate limiter and its circuit breaker (each or null). */
    record Gates(@Nullable Limiter limiter, @Nullable RateLimiter rate, @Nullable CircuitBreaker breaker) {}

    /**
     * What {@code name} stands for.
     *
     * @throws IllegalStateException when neither a limit, a keyed family ({@code family:key}) nor a rate has that name
     */
    Gates gates(String name) {
        Limiter l = fixed.get(name);
        RateLimiter r = fixedRates.get(name);
        CircuitBreaker b = null;
        int colon = name.indexOf(':');
        if (colon > 0) {
            String family = name.substring(0, colon);
            Integer permits = keyed.get(family);
            if (l == null && permits != null) l = made.computeIfAbsent(name, n -> new Limiter(n, permits));
            Rate rate = keyedRates.get(family);
            if (r == null && rate != null) r = madeRates.computeIfAbsent(name, n -> new RateLimiter(n, rate.perSecond(), rate.burst()));
            Breaker breaker = keyedBreakers.get(family);
            if (breaker != null) b = madeBreakers.computeIfAbsent(name, n -> new CircuitBreaker(n, breaker.failures(), breaker.coolDown()));
        }
        if (l == null && r == null && b == null) throw new IllegalStateException("no limit configured for resource '" + name + "'");
        return new Gates(l, r, b);
    }

    boolean knows(String name) {
        try {
            gates(name);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** The permits of the fixed limits (keyed families and rates are not in it). */
    Map<String, Integer> fixedPermits() {
        Map<String, Integer> m = new java.util.LinkedHashMap<>();
        fixed.forEach((k, v) -> m.put(k, v.permits));
        return m;
    }

    /** The names for messages. */
    String names() {
        TreeSet<String> all = new TreeSet<>(fixed.keySet());
        keyed.keySet().forEach(k -> all.add(k + ":<key>"));
        all.addAll(fixedRates.keySet());
        keyedRates.keySet().forEach(k -> all.add(k + ":<key>"));
        keyedBreakers.keySet().forEach(k -> all.add(k + ":<key>"));
        return all.isEmpty() ? "no limits" : "limits " + String.join(", ", all);
    }

    /**
     * Takes what {@code names} stand for: first a slot of every rate (nothing is held while waiting for one), then a
     * permit of every concurrency limit together ({@link Limiter#acquireAll}).
     */
    List<Limiter> acquire(List<Gates> gates, Clock clock, int[] order) throws InterruptedException {
        List<Limiter> limiters = new ArrayList<>(gates.size());
        for (Gates g : gates) {
            if (g.rate() != null) g.rate().acquire(clock, order);
            if (g.limiter() != null) limiters.add(g.limiter());
        }
        while (true) {
            List<Limiter> held;
            if (clock instanceof VirtualClock vc && !limiters.isEmpty()) {
                // Deterministic: all permits at once, handed out when every thread is idle, in fork-tree order.
                vc.claim(order, now -> Limiter.tryTakeAll(limiters) ? now : -1, () -> describe(limiters));
                held = limiters;
            } else {
                held = Limiter.acquireAll(limiters, clock);
            }
            // A Retry-After that arrived while this task waited for its permits (after it had its rate slot) holds it
            // back too: the permits go back while it waits, and are taken again after.
            long wait = 0;
            long now = clock.nanoTime();
            for (Gates g : gates) if (g.rate() != null) wait = Math.max(wait, g.rate().blockedFor(now));
            if (wait <= 0) return held;
            for (int i = held.size() - 1; i >= 0; i--) held.get(i).release(clock);
            clock.sleep(java.time.Duration.ofNanos(wait));
        }
    }

    private static String describe(List<Limiter> limiters) {
        List<String> parts = new ArrayList<>();
        for (Limiter l : limiters) parts.add("'" + l.name + "' (" + l.permits + (l.permits == 1 ? " permit)" : " permits)"));
        return (limiters.size() == 1 ? "a permit of " : "a permit each of ") + String.join(", ", parts);
    }
}
