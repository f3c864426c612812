package braid.report.config;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers where each key and value stood.
 *
 * <p>Jackson's {@code JsonNode} drops locations, and precise errors need them, so the tree is built
 * here from the streaming parser's tokens. Package-private; not thread-safe while being built.
 */
final class YamlTree {

    private YamlTree() {
    }

    /** A 1-based position in the file. */
    record Mark(int line, int column) {
        static final Mark UNKNOWN = new Mark(0, 0);

        static Mark of(JsonLocation location) {
            return location == null ? UNKNOWN : new Mark(Math.max(0, location.getLineNr()), Math.max(0, location.getColumnNr()));
        }
    }

    sealed interface Node permits MapNode, ListNode, ScalarNode {
        Mark mark();
    }

    /** A key of a mapping with its position and value. */
    record Entry(String key, Mark keyMark, Node value) {
    }

    record MapNode(Mark mark, Map<String, Entry> entries) implements Node {
    }

    record ListNode(Mark mark, List<Node> items) implements Node {
    }

    /** A scalar: {@code token} tells how YAML typed it, {@code text} is the source text. */
    record ScalarNode(Mark mark, JsonToken token, String text) implements Node {
        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }
    }

    /** A YAML error that stops parsing, with its position and a message free of file content. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        final Mark mark;

        SyntaxError(Mark mark, String message) {
            super(message);
            this.mark = mark;
        }
    }

    /** A problem found while building the tree that does not stop parsing (duplicate keys). */
    record Issue(Mark mark, String path, String message) {
    }

    /** Parses {@code yaml}; returns null for an empty document. */
    static @Nullable Node parse(String yaml, List<Issue> issues) throws SyntaxError {
        YAMLFactory factory = new YAMLFactory();
        try (JsonParser p = factory.createParser(yaml)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return null;
            }
            Node root = read(p, first, "", issues);
            JsonToken next = p.nextToken();
            if (next != null) {
                throw new SyntaxError(Mark.of(p.currentTokenLocation()),
                        "expected a single YAML document, found a second one (remove the '---' separator)");
            }
            return root;
        } catch (JsonProcessingException e) {
            // SnakeYAML's mark of the problem itself (0-based), not the parser's last token: a tab that indents line 2
            // is at 2:1, where Jackson's location still said 1:8
            Mark at = e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null
                    ? new Mark(m.getProblemMark().getLine() + 1, m.getProblemMark().getColumn() + 1) : Mark.of(e.getLocation());
            throw new SyntaxError(at, "YAML syntax error: " + describe(e));
        } catch (IOException e) {
            // Parsing a String cannot fail for I/O reasons; treat it like a syntax error.
            throw new SyntaxError(Mark.UNKNOWN, "YAML syntax error: " + e.getMessage());
        }
    }

    /**
     * Takes SnakeYAML's short problem text ("mapping values are not allowed here") rather than the
     * full message, because the full message quotes the offending source line, which could hold a
     * literal secret.
     */
    private static String describe(JsonProcessingException e) {
        Throwable cause = e.getCause();
        if (cause instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
            String problem = m.getProblem() == null ? "" : m.getProblem().strip();
            String context = m.getContext() == null ? "" : m.getContext().strip();
            if (!context.isEmpty() && !problem.isEmpty()) {
                return problem + " (" + context + ")";
            }
            if (!problem.isEmpty()) {
                return problem;
            }
        }
        String original = e.getOriginalMessage();
        if (original == null) {
            return "unreadable YAML";
        }
        int nl = original.indexOf('\n');
        return nl < 0 ? original : original.substring(0, nl);
    }

    private static Node read(JsonParser p, JsonToken t, String path, List<Issue> issues) throws IOException {
        Mark mark = Mark.of(p.currentTokenLocation());
        switch (t) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Mark keyMark = Mark.of(p.currentTokenLocation());
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    Node value = read(p, p.nextToken(), childPath, issues);
                    Entry previous = entries.get(key);
                    if (previous != null) {
                        issues.add(new Issue(keyMark, childPath, "duplicate key '" + key
                                + "' (first defined on line " + previous.keyMark().line() + ")"));
                    } else {
                        entries.put(key, new Entry(key, keyMark, value));
                    }
                }
                return new MapNode(mark, entries);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY && e != null) {
                    items.add(read(p, e, path + "[" + items.size() + "]", issues));
                }
                return new ListNode(mark, items);
            }
            default -> {
                // Jackson hands an alias (*name) over as a string holding the anchor's name; taking
                // that as the value would be silently wrong, so aliases are refused.
                if (p instanceof YAMLParser yp && yp.isCurrentAlias()) {
                    issues.add(new Issue(mark, path, "YAML aliases (*" + p.getText()
                            + ") are not supported; write the value out"));
                }
                String text = t == JsonToken.VALUE_NULL ? "" : p.getText();
                return new ScalarNode(mark, t, text == null ? "" : text);
            }
        }
    }
}
