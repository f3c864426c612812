package braid.report.config;

import java.time.ZoneId;
import java.util.Objects;

/**
 * The company that sends the report (section {@code company}).
 *
 * @param name     the company's name, used in e-mails
 * @param timeZone the zone in which "yesterday", the report day, is computed
 * @param locale   the language and formats of the e-mails (BCP 47, e.g. {@code de-DE}); English and German ship
 * @param address  the postal address for the e-mail's footer (commercial e-mail needs one), if set
 * @param website  the company's website for the footer, if set (else the root of {@code website.url})
 */
public record CompanyConfig(String name, ZoneId timeZone, java.util.Locale locale, java.util.Optional<String> address,
                            java.util.Optional<java.net.URI> website) {
    /** The languages whose texts ship with braid; any other locale gets English. */
    public static final java.util.Set<String> LANGUAGES = java.util.Set.of("en", "de");

    public CompanyConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(website, "website");
    }

    /** Whether the e-mails can be in {@link #locale()}'s language; if not they are in English. */
    public boolean translated() {
        return LANGUAGES.contains(locale.getLanguage());
    }

    /** The locale the e-mails are written in: {@link #locale()} when {@link #translated()}, else English. */
    public java.util.Locale mailLocale() {
        return translated() ? locale : java.util.Locale.ENGLISH;
    }
}
