package braid.sap;

import java.util.OptionalLong;

/**
 * What {@link BusinessPartnerClient#probe()} found: how many partners the one-partner page held (0 or 1) and
 * the total SAP reported for the configured filter ({@code __count}), when it reported one. Immutable.
 *
 * @param partnersRead the partners on the page
 * @param total        SAP's {@code __count}, empty when the server does not send it
 */
public record Probe(int partnersRead, OptionalLong total) {
    public Probe {
        if (partnersRead < 0) {
            throw new IllegalArgumentException("partnersRead must be >= 0: " + partnersRead);
        }
        java.util.Objects.requireNonNull(total, "total");
    }
}
