package braid.report.config;

import java.util.List;

/**
 * Who hears about failed or partial runs (section {@code operator}).
 *
 * @param recipients addresses (key {@code operator.notify}) that get an e-mail on failed or partial runs; empty for nobody
 * @param webhook    an incoming-webhook URL (key {@code operator.webhook}: Slack, Mattermost, Teams) that gets the same
 *                   notice as JSON; it does not depend on the mail server, so it also works when mail is what failed
 * @param ping       a dead man's switch (key {@code operator.ping}, healthchecks.io style): fetched after every run,
 *                   as is on success, with {@code /fail} appended otherwise; a missing ping tells that no run happened
 * @param webhookProxy the HTTP proxy the webhook is posted through (key {@code operator.proxy}, else the environment's
 *                   {@code https_proxy} unless {@code no_proxy} names the webhook's host); empty: direct
 * @param pingProxy  the same for the ping's host
 */
public record OperatorConfig(List<MailAddress> recipients, java.util.Optional<java.net.URI> webhook,
                             java.util.Optional<java.net.URI> ping, java.util.Optional<ProxyConfig> webhookProxy,
                             java.util.Optional<ProxyConfig> pingProxy) {
    /** Nobody is notified. */
    public static final OperatorConfig DEFAULT = new OperatorConfig(List.of(), java.util.Optional.empty(),
            java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty());

    public OperatorConfig {
        recipients = List.copyOf(recipients);
        java.util.Objects.requireNonNull(webhook, "webhook");
        java.util.Objects.requireNonNull(ping, "ping");
        java.util.Objects.requireNonNull(webhookProxy, "webhookProxy");
        java.util.Objects.requireNonNull(pingProxy, "pingProxy");
    }

    /** Who is notified, with no proxy on the way to the webhook and the ping. */
    public OperatorConfig(List<MailAddress> recipients, java.util.Optional<java.net.URI> webhook,
                          java.util.Optional<java.net.URI> ping) {
        this(recipients, webhook, ping, java.util.Optional.empty(), java.util.Optional.empty());
    }
}
