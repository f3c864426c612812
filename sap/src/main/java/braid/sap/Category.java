package braid.sap;

import org.jspecify.annotations.Nullable;

/** A business partner's category ({@code BusinessPartnerCategory}). */
public enum Category {
    /** Category "1". */
    PERSON("1"),
    /** Category "2". */
    ORGANIZATION("2"),
    /** Category "3". */
    GROUP("3"),
    /** Any other code. */
    OTHER("");

    private final String code;

    Category(String code) {
        this.code = code;
    }

    /** The code SAP uses in {@code BusinessPartnerCategory}; empty for {@link #OTHER}. */
    public String code() {
        return code;
    }

    /** {@link #values()} once: it copies its array on every call, and this is called for every partner. */
    private static final Category[] ALL = values();

    /** The category for a code; unknown or missing codes give {@link #OTHER}. */
    public static Category ofCode(@Nullable String code) {
        for (Category c : ALL) {
            if (c != OTHER && c.code.equals(code)) {
                return c;
            }
        }
        return OTHER;
    }
}
