package braid.report.config;

import java.time.ZoneId;
import java.util.Objects;

/**
 * The company that sends the report (section {@code company}).
 *
 * @param name     the company's name, used in e-mails
 * @param timeZone the zone in which "yesterday", the report day, is computed
 */
public record CompanyConfig(String name, ZoneId timeZone) {
    public CompanyConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeZone, "timeZone");
    }
}
