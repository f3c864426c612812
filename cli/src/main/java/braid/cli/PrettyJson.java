package braid.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Collection;
import java.util.Map;


/**
 * A tree of maps, lists, strings, numbers, booleans and nulls as indented JSON — the text
 * {@code new ObjectMapper().enable(INDENT_OUTPUT).writeValueAsString(tree)} gives, written through Jackson's streaming
 * generator. Databind's {@code ObjectMapper} sets up its serializers on first use: about 30 ms of a cold
 * {@code braid logs --json} (a command of about a second) for a tree it has nothing to introspect in.
 */
final class PrettyJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private PrettyJson() {}

    static String of(Object tree) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            write(g, tree);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Object value) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (var e : m.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case Collection<?> c -> {
                g.writeStartArray();
                for (Object x : c) write(g, x);
                g.writeEndArray();
            }
            case String s -> g.writeString(s);
            case Long n -> g.writeNumber(n);
            case Integer n -> g.writeNumber(n);
            case Double d -> g.writeNumber(d);
            case Float f -> g.writeNumber(f);
            case Boolean b -> g.writeBoolean(b);
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }
}
