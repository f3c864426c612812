package braid.report;

import braid.mail.Mailer;
import braid.mail.Notice;
import braid.mail.SmtpSettings;
import braid.report.config.BraidConfig;
import braid.report.config.MailAddress;
import braid.report.config.ProxyConfig;
import braid.report.internal.Secrets;
import braid.report.internal.Wiring;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tells the operators ({@code operator.notify}) by e-mail that a run failed or was partial, through the
 * run's own SMTP settings.
 *
 * <pre>{@code
 * Notifier.notify(cfg, exitCode, date, summaryText, runDir).ifPresent(err::println);
 * }</pre>
 *
 * <p>Stateless and thread-safe. It never throws: a notification that cannot be sent becomes a warning line,
 * so it can never hide the run's own exit code.
 */
public final class Notifier {
    private Notifier() {}

    /**
     * Sends one plain-text e-mail to every operator when {@code exitCode} is not {@link ExitCode#OK}; does nothing
     * when it is, or when no operator is configured. The summary text is sent with every secret of {@code cfg}
     * masked.
     *
     * @param summaryText what the run printed as its summary (may be empty)
     * @param runDir      the run folder, or null when the run made none
     * @return a warning line when the notification could not be sent, else empty
     */
    public static Optional<String> notify(BraidConfig cfg, int exitCode, LocalDate date, String summaryText, Path runDir) {
        Optional<String> pinged = ping(cfg, exitCode);
        Optional<String> notified = notice(cfg, exitCode, date, summaryText, runDir);
        if (pinged.isEmpty()) return notified;
        return Optional.of(notified.map(n -> n + "\n").orElse("") + pinged.get());
    }

    /**
     * The dead man's switch ({@code operator.ping}): a GET after every run, with {@code /fail} appended unless the run
     * succeeded (healthchecks.io, Cronitor and Uptime Kuma push monitors take this form). 10 s, no retry.
     */
    static Optional<String> ping(BraidConfig cfg, int exitCode) {
        if (cfg.operator().ping().isEmpty()) return Optional.empty();
        java.net.URI base = cfg.operator().ping().get();
        String s = base.toString();
        java.net.URI uri = exitCode == ExitCode.OK ? base : java.net.URI.create((s.endsWith("/") ? s : s + "/") + "fail");
        Optional<ProxyConfig> proxy = cfg.operator().pingProxy();
        try {
            var r = client(proxy).send(through(java.net.http.HttpRequest.newBuilder(uri), proxy)
                            .timeout(java.time.Duration.ofSeconds(10)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            String rejected = proxyRejection(uri, r, proxy);
            if (rejected != null) return Optional.of("warning: the ping at " + base.getHost() + " was not reached: " + rejected);
            if (r.statusCode() / 100 != 2)
                return Optional.of("warning: the ping at " + base.getHost() + " answered HTTP " + r.statusCode() + via(proxy));
            return Optional.empty();
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return Optional.of(Secrets.mask("warning: the ping at " + base.getHost() + " was not reached" + via(proxy) + ": "
                    + describe(e), cfg.masks()));
        }
    }

    private static Optional<String> notice(BraidConfig cfg, int exitCode, LocalDate date, String summaryText, Path runDir) {
        if (exitCode == ExitCode.OK) return Optional.empty();
        Set<String> secrets = Set.of();
        String subject = subject(exitCode, date);
        String body;
        try {
            secrets = cfg.masks();
            body = body(cfg, exitCode, date, summaryText, runDir, secrets);
        } catch (RuntimeException e) {
            return Optional.of("warning: the operators were not notified: " + e);
        }
        return deliver(cfg, subject, body, secrets);
    }

    /**
     * Tells the operators (e-mail and webhook, as {@link #notify}) of the health checks that did not end OK, after a
     * report that itself went well. Never throws.
     *
     * @return a warning line when the notice could not be delivered, else empty
     */
    public static Optional<String> healthNotice(BraidConfig cfg, LocalDate date, braid.health.HealthReport health, Path runDir) {
        List<braid.health.CheckResult> failing = health.failing();
        if (failing.isEmpty()) return Optional.empty();
        Set<String> secrets;
        String body;
        try {
            secrets = cfg.masks();
            StringBuilder b = new StringBuilder();
            b.append("The braid report of ").append(date).append(" for ").append(cfg.company().name())
                    .append(" was sent, but ").append(failing.size()).append(" of ").append(health.checks().size())
                    .append(" health checks did not end OK:\n\n");
            for (var c : failing) b.append(String.format("  %-9s %s: %s%n", c.status(), c.name(), c.message()));
            b.append("\nRun folder: ").append(runDir == null ? "(none)" : runDir.toAbsolutePath()).append(" on ").append(hostName()).append('\n');
            b.append("Config:     ").append(cfg.file()).append('\n');
            b.append("\nRun them again alone: `braid health --config ").append(cfg.file()).append("`\n");
            body = Secrets.mask(b.toString(), secrets);
        } catch (RuntimeException e) {
            return Optional.of("warning: the operators were not told of the health checks: " + e);
        }
        return deliver(cfg, "braid: health " + date + " " + health.worst() + " (" + failing.size() + " of "
                + health.checks().size() + " checks not OK)", body, secrets);
    }

    private static Optional<String> deliver(BraidConfig cfg, String subject, String body, Set<String> secrets) {
        List<String> warnings = new ArrayList<>();
        List<MailAddress> to = cfg.operator().recipients();
        if (!to.isEmpty()) {
            try {
                send(cfg, to, subject, body);
            } catch (Exception e) { // never throws, whatever went wrong (see the class comment)
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                warnings.add(Secrets.mask("warning: the operators (" + String.join(", ", to.stream().map(MailAddress::address).toList())
                        + ") were not notified by e-mail: " + describe(e), secrets));
            }
        }
        if (cfg.operator().webhook().isPresent()) {
            Optional<ProxyConfig> proxy = cfg.operator().webhookProxy();
            try {
                Webhook.post(cfg.operator().webhook().get(), subject, body, proxy);
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                // an answer's words name the proxy already; a connection that never came gets it here
                warnings.add(Secrets.mask("warning: the operators' webhook was not reached" + (e instanceof Answered ? "" : via(proxy))
                        + ": " + describe(e), secrets));
            }
        }
        return warnings.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", warnings));
    }

    /**
     * Posts a notice to an incoming webhook as JSON: {@code text} (what Slack, Mattermost and Teams show) plus
     * {@code subject} and {@code body} for other receivers. Plain JDK HttpClient: one POST, 10 s, no retry.
     */
    static final class Webhook {
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

        static void post(java.net.URI url, String subject, String body, Optional<ProxyConfig> proxy)
                throws java.io.IOException, InterruptedException {
            Map<String, String> payload = new java.util.LinkedHashMap<>();
            payload.put("text", "*" + subject + "*\n" + body);
            payload.put("subject", subject);
            payload.put("body", body);
            java.net.http.HttpResponse<String> r = client(proxy).send(through(java.net.http.HttpRequest.newBuilder(url), proxy)
                            .timeout(java.time.Duration.ofSeconds(10))
                            .header("Content-Type", "application/json; charset=utf-8")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(payload))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            String rejected = proxyRejection(url, r, proxy);
            if (rejected != null) throw new Answered(rejected);
            if (r.statusCode() / 100 != 2)
                throw new Answered("the webhook at " + url.getHost() + " answered HTTP " + r.statusCode() + via(proxy));
        }
    }

    /** The webhook (or its proxy) answered, but not with success: the message says so, proxy included. */
    static final class Answered extends java.io.IOException {
        Answered(String message) {
            super(message);
        }
    }

    /** A JDK client for one notice: 10 s to connect, through {@code proxy} when there is one. */
    private static java.net.http.HttpClient client(Optional<ProxyConfig> proxy) {
        java.net.http.HttpClient.Builder b = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10));
        proxy.ifPresent(p -> b.proxy(java.net.ProxySelector.of(new java.net.InetSocketAddress(p.host(), p.port()))));
        return b.build();
    }

    /**
     * The request with the proxy's credentials, when it has some, as the website's requests carry them: sent once,
     * to the proxy only (see braid.http.ProxyAuthorization for why not an Authenticator).
     */
    private static java.net.http.HttpRequest.Builder through(java.net.http.HttpRequest.Builder rb, Optional<ProxyConfig> proxy) {
        proxy.flatMap(braid.report.internal.Wiring::proxyCredentials).map(braid.http.ProxyAuthorization::of)
                .ifPresent(a -> rb.header("Proxy-Authorization", a.headerValue()));
        return rb;
    }

    /** " (through the proxy host:port of origin)" for a message; empty without a proxy. */
    private static String via(Optional<ProxyConfig> proxy) {
        if (proxy.isEmpty()) return "";
        ProxyConfig p = proxy.get();
        return " (through the proxy " + p.host() + ":" + p.port() + " of " + p.origin() + ")";
    }

    /**
     * A 407 from the notice's proxy, in the words the website, SAP and the health checks use (missing or rejected
     * credentials, or a scheme braid does not speak, read from {@code Proxy-Authenticate}), naming where the proxy came
     * from; null for any other answer.
     */
    private static @org.jspecify.annotations.Nullable String proxyRejection(java.net.URI uri, java.net.http.HttpResponse<?> r,
            Optional<ProxyConfig> proxy) {
        if (r.statusCode() != 407 || proxy.isEmpty()) return null;
        ProxyConfig p = proxy.get();
        return braid.http.ProxyAuthorization.describeRejection(java.net.InetSocketAddress.createUnresolved(p.host(), p.port()),
                p.username().orElse(null), "https".equalsIgnoreCase(uri.getScheme()), r.headers().allValues("Proxy-Authenticate"))
                + " (the proxy of " + p.origin() + ")";
    }

    /** {@code braid: report 2026-11-23 FAILED (exit 1)}, or {@code PARTIAL} for exit 3. */
    static String subject(int exitCode, LocalDate date) {
        String what = switch (exitCode) {
            case ExitCode.PARTIAL -> "PARTIAL";
            case ExitCode.USAGE -> "NOT RUN";
            default -> "FAILED";
        };
        return "braid: report " + date + " " + what + " (exit " + exitCode + ")";
    }

    static String body(BraidConfig cfg, int exitCode, LocalDate date, String summaryText, Path runDir, Set<String> secrets) {
        StringBuilder b = new StringBuilder();
        b.append("The braid report of ").append(date).append(" for ").append(cfg.company().name()).append(' ')
                .append(exitCode == ExitCode.PARTIAL ? "was partial" : "failed").append(" (exit ").append(exitCode).append(").\n\n");
        String summary = summaryText == null ? "" : summaryText.strip();
        b.append(summary.isEmpty() ? "(no summary)" : Secrets.mask(summary, secrets)).append("\n\n");
        b.append("Run folder: ").append(runDir == null ? "(none)" : runDir.toAbsolutePath()).append(" on ").append(hostName()).append('\n');
        b.append("Config:     ").append(cfg.file()).append('\n');
        b.append("\nRerunning the day is safe: `braid report run --config ").append(cfg.file()).append(" --date ").append(date)
                .append("` sends only what was not sent yet.\n");
        return b.toString();
    }

    private static void send(BraidConfig cfg, List<MailAddress> to, String subject, String text)
            throws java.io.IOException, MessagingException {
        SmtpSettings s = Wiring.smtpSettings(cfg.mail());
        List<InternetAddress> recipients = new ArrayList<>();
        for (MailAddress a : to) recipients.add(address(a));
        // The mail module's session: the same STARTTLS requirement, trust store and timeouts as the clients' e-mails.
        Mailer.sendNotice(s, new Notice(address(cfg.mail().from()), recipients, subject, text, cfg.mail().envelopeFrom()));
    }

    private static InternetAddress address(MailAddress a) throws UnsupportedEncodingException {
        return a.displayName().isEmpty() ? new InternetAddress(a.address(), null, "UTF-8")
                : new InternetAddress(a.address(), a.displayName(), "UTF-8");
    }

    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = e; c != null && b.length() < 300; ) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage().strip();
            if (b.indexOf(m) < 0) {
                if (!b.isEmpty()) b.append(": ");
                b.append(m);
            }
            if (c instanceof SendFailedException sf && sf.getInvalidAddresses() != null && sf.getInvalidAddresses().length > 0)
                b.append(" (refused: ").append(String.join(", ", java.util.Arrays.stream(sf.getInvalidAddresses()).map(Address::toString).toList())).append(')');
            Throwable next = c instanceof MessagingException me && me.getNextException() != null ? me.getNextException() : c.getCause();
            c = next == c ? null : next;
        }
        return b.toString().replaceAll("\\s+", " ");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "this host";
        }
    }
}
