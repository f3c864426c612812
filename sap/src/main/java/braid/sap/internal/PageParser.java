package braid.sap.internal;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads one OData V2 JSON page with Jackson's streaming parser, handing each partner to a consumer as soon as
 * it is complete, so a page is never held as raw JSON or as a tree. Accepts the shapes SAP sends:
 * {@code {"d":{"results":[…],"__count":"N","__next":"…"}}}, the older {@code {"d":[…]}}, and a single entity
 * {@code {"d":{…}}}. Unknown fields are skipped (metadata differs between releases). Thread-safe.
 */
public final class PageParser {

    /** What a page said besides its partners. */
    public record PageInfo(@Nullable Long count, @Nullable String next, int size) {}

    /** A body that is not the expected OData JSON. */
    public static final class MalformedPageException extends IOException {
        public MalformedPageException(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }

    private final JsonFactory factory = JsonFactory.builder().build();

    public PageInfo parse(InputStream in, Consumer<RawPartner> sink) throws IOException {
        try (JsonParser p = factory.createParser(in)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, p);
            Long count = null;
            String next = null;
            int size = 0;
            boolean sawD = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (!name.equals("d")) {
                    p.skipChildren();
                    continue;
                }
                sawD = true;
                if (t == JsonToken.START_ARRAY) {
                    size += partners(p, sink);
                } else if (t == JsonToken.START_OBJECT) {
                    PartnerBuilder single = null;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        JsonToken v = p.nextToken();
                        switch (f) {
                            case "results" -> {
                                expect(v, JsonToken.START_ARRAY, p);
                                size += partners(p, sink);
                            }
                            case "__count" -> count = parseCount(p);
                            case "__next" -> next = v == JsonToken.VALUE_NULL ? null : p.getText();
                            default -> {
                                if (single == null) {
                                    single = new PartnerBuilder();
                                }
                                single.field(f, v, p);
                            }
                        }
                    }
                    if (single != null && single.id != null) {
                        sink.accept(single.build());
                        size++;
                    }
                } else {
                    throw new MalformedPageException("\"d\" is neither an object nor an array", null);
                }
            }
            if (!sawD) {
                throw new MalformedPageException("no \"d\" member: not an OData V2 JSON answer", null);
            }
            return new PageInfo(count, next, size);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedPageException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Long parseCount(JsonParser p) throws IOException {
        // OData V2 JSON sends __count as a string; some servers send a number.
        String text = p.getText();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new MalformedPageException("__count is not a number: '" + text + "'", e);
        }
    }

    private static void expect(JsonToken actual, JsonToken expected, JsonParser p) throws IOException {
        if (actual != expected) {
            throw new MalformedPageException("expected " + expected + " but found " + actual + " at "
                    + p.currentLocation(), null);
        }
    }

    private static int partners(JsonParser p, Consumer<RawPartner> sink) throws IOException {
        int n = 0;
        while (p.nextToken() == JsonToken.START_OBJECT) {
            PartnerBuilder b = new PartnerBuilder();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                b.field(f, p.nextToken(), p);
            }
            if (b.id == null) {
                throw new MalformedPageException("a partner without BusinessPartner", null);
            }
            sink.accept(b.build());
            n++;
        }
        expect(p.currentToken(), JsonToken.END_ARRAY, p);
        return n;
    }

    /** Iterates the entries of a navigation value: {"results":[…]}, […], or {"__deferred":…} (none). */
    private interface EntryReader {
        void entry(JsonParser p) throws IOException;
    }

    private static void navigation(JsonParser p, JsonToken t, EntryReader reader) throws IOException {
        if (t == JsonToken.START_ARRAY) {
            while (p.nextToken() == JsonToken.START_OBJECT) {
                reader.entry(p);
            }
        } else if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken v = p.nextToken();
                if (f.equals("results") && v == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        reader.entry(p);
                    }
                } else {
                    p.skipChildren();
                }
            }
        } else {
            p.skipChildren();
        }
    }

    private static @Nullable String text(JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t.isScalarValue()) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static boolean bool(JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText();
            return s.equalsIgnoreCase("true") || s.equals("X");
        }
        p.skipChildren();
        return false;
    }

    private static final class PartnerBuilder {
        @Nullable String id;
        @Nullable String category;
        @Nullable String fullName;
        @Nullable String firstName;
        @Nullable String lastName;
        @Nullable String org1;
        @Nullable String org2;
        boolean blocked;
        boolean archived;
        final List<RawPartner.Address> emails = new ArrayList<>();
        final List<RawPartner.Address> urls = new ArrayList<>();

        void field(String name, JsonToken t, JsonParser p) throws IOException {
            switch (name) {
                case "BusinessPartner" -> id = text(t, p);
                case "BusinessPartnerCategory" -> category = text(t, p);
                case "BusinessPartnerFullName" -> fullName = text(t, p);
                case "FirstName" -> firstName = text(t, p);
                case "LastName" -> lastName = text(t, p);
                case "OrganizationBPName1" -> org1 = text(t, p);
                case "OrganizationBPName2" -> org2 = text(t, p);
                case "BusinessPartnerIsBlocked" -> blocked = bool(t, p);
                case "IsMarkedForArchiving" -> archived = bool(t, p);
                case "to_BusinessPartnerAddress" -> navigation(p, t, this::address);
                default -> p.skipChildren();
            }
        }

        void address(JsonParser p) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                switch (f) {
                    case "to_EmailAddress" -> navigation(p, t, q -> emails.add(entry(q, "EmailAddress",
                            "IsDefaultEmailAddress")));
                    case "to_URLAddress" -> navigation(p, t, q -> urls.add(entry(q, "WebsiteURL",
                            "IsDefaultURLAddress")));
                    default -> p.skipChildren();
                }
            }
        }

        static RawPartner.Address entry(JsonParser p, String valueField, String defaultField) throws IOException {
            String value = null;
            boolean isDefault = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (f.equals(valueField)) {
                    value = text(t, p);
                } else if (f.equals(defaultField)) {
                    isDefault = bool(t, p);
                } else {
                    p.skipChildren();
                }
            }
            return new RawPartner.Address(value, isDefault);
        }

        RawPartner build() {
            return new RawPartner(java.util.Objects.requireNonNull(id, "checked by the page's reader"), category, fullName,
                    firstName, lastName, org1, org2, blocked, archived,
                    List.copyOf(emails), List.copyOf(urls));
        }
    }
}
