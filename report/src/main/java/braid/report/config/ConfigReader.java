package braid.report.config;

import braid.report.config.YamlTree.Entry;
import braid.report.config.YamlTree.ListNode;
import braid.report.config.YamlTree.MapNode;
import braid.report.config.YamlTree.Mark;
import braid.report.config.YamlTree.Node;
import braid.report.config.YamlTree.ScalarNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Walks the YAML tree section by section, converting values and collecting every problem instead
 * of stopping at the first. Thread-confined: one instance per load.
 */
final class ConfigReader {

    final Path file;
    final Path baseDir;
    final Map<String, String> env;
    private final Interpolation interpolation;
    private final List<ConfigProblem> problems = new ArrayList<>();

    ConfigReader(Path file, Path baseDir, Map<String, String> env) {
        this.file = file;
        this.baseDir = baseDir;
        this.env = env;
        this.interpolation = new Interpolation(env, baseDir);
    }

    void problem(Mark mark, String path, String message) {
        problems.add(new ConfigProblem(file, mark.line(), mark.column(), path, message));
    }

    boolean failed() {
        return !problems.isEmpty();
    }

    int problemCount() {
        return problems.size();
    }

    List<ConfigProblem> problems() {
        List<ConfigProblem> sorted = new ArrayList<>(problems);
        // Stable sort: problems without a position (missing top-level sections) come first.
        sorted.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return sorted;
    }

    Section root(MapNode node) {
        return new Section(this, "", node, Mark.UNKNOWN, false);
    }

    /** A resolved scalar value with enough context to describe it without leaking it. */
    record Scalar(String text, Mark mark, String path, ScalarNode node, List<String> references, boolean secret) {
        String found() {
            if (!references.isEmpty()) {
                return "the value of " + String.join(" and ", references) + " (not shown)";
            }
            if (secret) {
                return "a secret value (not shown)";
            }
            if (text.isEmpty()) {
                return "an empty string";
            }
            String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
            return "'" + shown.replace("\n", "\\n") + "'";
        }
    }

    static String describe(Node node) {
        return switch (node) {
            case MapNode m -> "a mapping";
            case ListNode l -> "a list";
            case ScalarNode s when s.isNull() -> "an empty value";
            case ScalarNode s -> "a single value";
        };
    }

    /** Damerau-Levenshtein (optimal string alignment) distance, case-insensitive. */
    static int distance(String a, String b) {
        return braid.core.Failures.distance(a, b);
    }

    static Optional<String> closest(String key, Iterable<String> candidates) {
        return braid.core.Failures.closest(key, candidates);
    }

    /**
     * One mapping of the file. Every accessor registers its key as known; {@link #finish()} reports
     * the keys nobody asked for. A broken section (wrong type, already reported) answers every
     * question with "absent" and reports nothing more.
     */
    static final class Section {
        private final ConfigReader reader;
        final String path;
        private final @Nullable MapNode node;
        final Mark anchor;
        private final boolean broken;
        private final Set<String> known = new LinkedHashSet<>();
        private final Set<String> handled = new LinkedHashSet<>();

        Section(ConfigReader reader, String path, @Nullable MapNode node, Mark anchor, boolean broken) {
            this.reader = reader;
            this.path = path;
            this.node = node;
            this.anchor = anchor;
            this.broken = broken;
        }

        ConfigReader reader() {
            return reader;
        }

        String child(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        /** True if the key is present with a non-empty value. */
        boolean has(String key) {
            known.add(key);
            Entry e = entry(key);
            return e != null && !(e.value() instanceof ScalarNode s && s.isNull());
        }

        Mark keyMark(String key) {
            Entry e = entry(key);
            return e == null ? anchor : e.keyMark();
        }

        Mark valueMark(String key) {
            Entry e = entry(key);
            return e == null ? anchor : e.value().mark();
        }

        private @Nullable Entry entry(String key) {
            return node == null ? null : node.entries().get(key);
        }

        void missing(String key, String what) {
            if (!broken) {
                reader.problem(anchor, child(key), "missing required key '" + key + "' (" + what + ")");
            }
        }

        /** Reports a key as wrong with a message of its own; it is then not reported as unknown. */
        void reject(String key, String message) {
            handled.add(key);
            Entry e = entry(key);
            reader.problem(e == null ? anchor : e.keyMark(), child(key), message);
        }

        Set<String> presentKeys() {
            return node == null ? Set.of() : node.entries().keySet();
        }

        /** The sub-section, or empty if absent; a non-mapping value is reported and yields a broken section. */
        Optional<Section> section(String key) {
            known.add(key);
            Entry e = entry(key);
            if (e == null || e.value() instanceof ScalarNode s && s.isNull()) {
                return Optional.empty();
            }
            if (e.value() instanceof MapNode m) {
                return Optional.of(new Section(reader, child(key), m, e.keyMark(), broken));
            }
            if (!broken) {
                reader.problem(e.value().mark(), child(key), "expected a mapping of keys to values, found "
                        + describe(e.value()));
            }
            return Optional.of(new Section(reader, child(key), null, e.keyMark(), true));
        }

        /** Like {@link #section}, but a missing section is reported; an empty one reports its missing keys. */
        Section requiredSection(String key, String what) {
            Entry e = entry(key);
            if (e != null && e.value() instanceof ScalarNode s0 && s0.isNull()) {
                known.add(key);
                return new Section(reader, child(key), new MapNode(e.keyMark(), Map.of()), e.keyMark(), broken);
            }
            Optional<Section> s = section(key);
            if (s.isPresent()) {
                return s.get();
            }
            missing(key, what);
            return new Section(reader, child(key), null, keyMark(key), true);
        }

        /** The raw resolved scalar, or null if absent or wrong (reported). */
        @Nullable Scalar scalar(String key, boolean required, boolean secret, String expected) {
            known.add(key);
            Entry e = entry(key);
            if (e == null || e.value() instanceof ScalarNode s0 && s0.isNull()) {
                if (required) {
                    missing(key, expected);
                }
                return null;
            }
            return resolve(e.value(), child(key), secret, expected);
        }

        private @Nullable Scalar resolve(Node value, String keyPath, boolean secret, String expected) {
            if (!(value instanceof ScalarNode s)) {
                if (!broken) {
                    reader.problem(value.mark(), keyPath, "expected " + expected + ", found " + describe(value));
                }
                return null;
            }
            String text = s.text();
            List<String> refs = List.of();
            // Only strings are interpolated: a number or boolean cannot contain "${".
            if (s.token() == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                Interpolation.Result r = reader.interpolation.apply(text);
                for (String error : r.errors()) {
                    reader.problem(s.mark(), keyPath, error);
                }
                if (!r.errors().isEmpty()) {
                    return null;
                }
                text = r.value();
                refs = r.references();
            }
            return new Scalar(text, s.mark(), keyPath, s, refs, secret);
        }

        /**
         * Converts the value of {@code key}; {@code conversion} throws IllegalArgumentException whose
         * message says what was expected. Returns {@code fallback} when absent or invalid.
         */
        /** A value that must be present: a problem when absent; null when absent or invalid. */
        <T> @Nullable T required(String key, String expected, Function<Scalar, T> conversion) {
            return value(key, null, true, false, expected, conversion);
        }

        /** A value that may be absent: {@code fallback} when absent or invalid. */
        <T> T optional(String key, T fallback, String expected, Function<Scalar, T> conversion) {
            T v = value(key, fallback, false, false, expected, conversion);
            return v == null ? fallback : v;
        }

        /** A value that may be absent, without a default: null when absent or invalid. */
        <T> @Nullable T optionalOrNull(String key, String expected, Function<Scalar, T> conversion) {
            return value(key, null, false, false, expected, conversion);
        }

        /** A secret value (never echoed in a problem), required or not: null when absent or invalid. */
        <T> @Nullable T secret(String key, boolean required, String expected, Function<Scalar, T> conversion) {
            return value(key, null, required, true, expected, conversion);
        }

        private <T> @Nullable T value(String key, @Nullable T fallback, boolean required, boolean secret, String expected,
                Function<Scalar, T> conversion) {
            Scalar s = scalar(key, required, secret, expected);
            if (s == null) {
                return fallback;
            }
            return convert(s, fallback, expected, conversion);
        }

        private <T> @Nullable T convert(Scalar s, @Nullable T fallback, String expected, Function<Scalar, T> conversion) {
            try {
                return conversion.apply(s);
            } catch (IllegalArgumentException ex) {
                String wanted = ex.getMessage() == null ? expected : ex.getMessage();
                String guess = ex instanceof Values.Mistake m && m.guess != null ? "; did you mean '" + m.guess + "'?" : "";
                reader.problem(s.mark(), s.path(), "expected " + wanted + ", found " + s.found() + guess);
                return fallback;
            }
        }

        /** A list that must be present and non-empty; a single value is a list of one. Null when absent or invalid. */
        <T> @Nullable List<T> requiredList(String key, String expectedList, String expected, Function<Scalar, T> conversion) {
            return list(key, true, expectedList, expected, conversion);
        }

        /** A list that may be absent; a single value is a list of one. Null when absent or invalid. */
        <T> @Nullable List<T> optionalList(String key, String expectedList, String expected, Function<Scalar, T> conversion) {
            return list(key, false, expectedList, expected, conversion);
        }

        /** A list of values; a single value is accepted as a list of one. Null when absent or invalid. */
        private <T> @Nullable List<T> list(String key, boolean required, String expectedList, String expected,
                Function<Scalar, T> conversion) {
            known.add(key);
            Entry e = entry(key);
            if (e == null || e.value() instanceof ScalarNode s0 && s0.isNull()) {
                if (required) {
                    missing(key, expectedList);
                }
                return null;
            }
            List<Node> items = e.value() instanceof ListNode l ? l.items() : List.of(e.value());
            if (items.isEmpty() && required) {
                reader.problem(e.value().mark(), child(key), "expected " + expectedList
                        + ", found an empty list");
                return null;
            }
            List<T> out = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < items.size(); i++) {
                String itemPath = e.value() instanceof ListNode ? child(key) + "[" + i + "]" : child(key);
                Scalar s = resolve(items.get(i), itemPath, false, expected);
                @Nullable T converted = s == null ? null : convert(s, null, expected, conversion);
                if (converted == null) {
                    ok = false;
                } else {
                    out.add(converted);
                }
            }
            return ok ? List.copyOf(out) : null;
        }

        /** A mapping with free keys (headers, overrides): key to resolved scalar. Null if invalid. */
        @Nullable Map<String, Scalar> freeMap(String key, boolean secretValues, String expected) {
            Optional<Section> sub = section(key);
            if (sub.isEmpty() || sub.get().node == null) {
                return sub.isEmpty() ? Map.of() : null;
            }
            Map<String, Scalar> out = new LinkedHashMap<>();
            boolean ok = true;
            for (Entry e : sub.get().node.entries().values()) {
                String p = sub.get().child(e.key());
                if (e.value() instanceof ScalarNode s && s.isNull()) {
                    reader.problem(e.value().mark(), p, "expected " + expected + ", found an empty value");
                    ok = false;
                    continue;
                }
                Scalar s = resolve(e.value(), p, secretValues, expected);
                if (s == null) {
                    ok = false;
                } else {
                    out.put(e.key(), s);
                }
            }
            return ok ? out : null;
        }

        /** Reports every present key that no accessor asked for, with a did-you-mean suggestion. */
        void finish() {
            if (node == null || broken) {
                return;
            }
            for (Entry e : node.entries().values()) {
                if (known.contains(e.key()) || handled.contains(e.key())) {
                    continue;
                }
                Optional<String> guess = closest(e.key(), known);
                String message = "unknown key '" + e.key() + "'"
                        + guess.map(g -> "; did you mean '" + g + "'?")
                                .orElse("; allowed keys here: " + String.join(", ", known));
                reader.problem(e.keyMark(), child(e.key()), message);
            }
        }
    }
}
