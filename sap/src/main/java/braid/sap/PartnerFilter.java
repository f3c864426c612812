package braid.sap;

import org.jspecify.annotations.Nullable;

import java.time.LocalDate;

/**
 * Which business partners to read: the parts become one OData {@code $filter} joined by {@code and}.
 *
 * @param category      only this category, or null for all
 * @param customersOnly only partners with a customer number ({@code Customer ne ''})
 * @param changedSince  only partners changed on or after this day ({@code LastChangeDate ge datetime'…'}), or null
 * @param expression    an extra raw OData V2 filter expression, or null
 */
public record PartnerFilter(@Nullable Category category, boolean customersOnly, @Nullable LocalDate changedSince,
                            @Nullable String expression) {

    /** No filter: every partner. */
    public static final PartnerFilter ALL = new PartnerFilter(null, false, null, null);

    public PartnerFilter {
        if (category == Category.OTHER) {
            throw new IllegalArgumentException("category must be PERSON, ORGANIZATION or GROUP: " + category);
        }
        if (expression != null && expression.isBlank()) {
            expression = null;
        }
    }

    /** A filter with just a raw OData V2 expression. */
    public static PartnerFilter of(String expression) {
        return new PartnerFilter(null, false, null, expression);
    }

    /** The {@code $filter} value, or null when nothing is filtered. */
    public @Nullable String toODataFilter() {
        StringBuilder b = new StringBuilder();
        if (category != null) {
            and(b, "BusinessPartnerCategory eq '" + category.code() + "'");
        }
        if (customersOnly) {
            and(b, "Customer ne ''");
        }
        if (changedSince != null) {
            and(b, "LastChangeDate ge datetime'" + changedSince + "T00:00:00'");
        }
        if (expression != null) {
            and(b, b.isEmpty() ? expression : "(" + expression + ")");
        }
        return b.isEmpty() ? null : b.toString();
    }

    private static void and(StringBuilder b, String term) {
        if (!b.isEmpty()) {
            b.append(" and ");
        }
        b.append(term);
    }
}
