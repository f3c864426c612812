package braid.report.config;

import java.util.List;

/**
 * Who hears about failed or partial runs (section {@code operator}).
 *
 * @param recipients addresses (key {@code operator.notify}) that get an e-mail on failed or partial runs; empty for nobody
 */
public record OperatorConfig(List<MailAddress> recipients) {
    /** Nobody is notified. */
    public static final OperatorConfig DEFAULT = new OperatorConfig(List.of());

    public OperatorConfig {
        recipients = List.copyOf(recipients);
    }
}
