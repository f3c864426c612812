package braid.health;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How one client's website did in a {@code clientWebsites} check, for that client's e-mail.
 *
 * @param up              it answered with a status below 400
 * @param httpStatus      the status it answered with, or 0 when it did not answer
 * @param responseTime    the time to the whole answer, or null when it did not answer
 * @param certificateValidFor the time until its certificate expires (https), or null
 * @param message         the check's line in plain words
 * @param tlsFailed       it did not answer because its TLS handshake failed: its certificate was refused (expired, not
 *                        trusted here, or for another name)
 * @param certificateExpired of {@code tlsFailed}: because the certificate had expired (its owner's to renew; the other
 *                        refusals may be this side's, a trust store without its CA)
 */
public record SiteHealth(String clientId, URI url, Status status, boolean up, int httpStatus, @Nullable Duration responseTime,
                         @Nullable Duration certificateValidFor, String message, boolean tlsFailed, boolean certificateExpired) {
    /**
     * Statuses with which a site refuses a checker rather than fails its visitors: 401 (a login), 403 (a bot protection's
     * challenge: Cloudflare's is a 403), 407 (a proxy) and 429 (a rate limit).
     */
    public static final java.util.Set<Integer> REFUSALS = java.util.Set.of(401, 403, 407, 429);

    /** Whole days until its certificate expires (0 on its last day), or null: {@link #certificateValidFor} rounded down. */
    public @Nullable Long certificateDays() {
        return certificateValidFor == null ? null : Math.floorDiv(certificateValidFor.toSeconds(), 86_400);
    }

    /** Whether it gave no answer at all: no connection, no name, no TLS refusal, nothing within the timeout. */
    public boolean unanswered() {
        return !up && httpStatus == 0 && !tlsFailed && !unchecked();
    }

    /**
     * Whether it could not be checked (UNKNOWN): the way out failed on this side (the proxy, its credentials or its
     * rules), so nothing is known of the site and nothing is said about it.
     */
    public boolean unchecked() {
        return status == Status.UNKNOWN;
    }

    /**
     * Whether at least half of {@code sites}, and more than one, gave no answer at all: then this machine's network (its
     * DNS, a firewall, a proxy it needs and was not given) is a likelier cause than the sites themselves.
     */
    public static boolean mostlyUnanswered(java.util.Collection<SiteHealth> sites) {
        return silence(sites).mostly();
    }

    /** How many of {@code sites} gave no answer at all, of how many that could be checked. */
    public static Silence silence(java.util.Collection<SiteHealth> sites) {
        long silent = 0;
        long checked = 0;
        for (SiteHealth s : sites) {
            if (s.unanswered()) silent++;
            if (!s.unchecked()) checked++;
        }
        return new Silence(silent, checked);
    }

    /**
     * @param silent  sites that gave no answer at all ({@link #unanswered()})
     * @param checked sites that could be checked (not {@link #unchecked()})
     */
    public record Silence(long silent, long checked) {
        /** At least half of the checked sites, and more than one, gave no answer: see {@link #mostlyUnanswered}. */
        public boolean mostly() {
            return silent >= 2 && silent * 2 >= checked;
        }
    }

    /** A site whose check did not fail on TLS. */
    public SiteHealth(String clientId, URI url, Status status, boolean up, int httpStatus, @Nullable Duration responseTime,
                      @Nullable Duration certificateValidFor, String message) {
        this(clientId, url, status, up, httpStatus, responseTime, certificateValidFor, message, false, false);
    }
}
