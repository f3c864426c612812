package braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code ./braid …} line of a shell block in the README and docs/ names a command and options that exist, with
 * values they take: picocli parses each as {@code braid} would (nothing runs). A renamed or removed option fails here,
 * not in the hands of the operator who copied the line.
 */
class DocumentedCommandLinesTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void everyDocumentedCommandLineParses() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> s = Files.walk(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<String> seen = new ArrayList<>();
        for (Path doc : docs) {
            for (String line : commandLines(Files.readString(doc))) {
                List<String> words = words(line);
                String[] args = words.subList(1, words.size()).toArray(String[]::new);
                String where = doc.normalize() + ": " + line;
                try {
                    CommandLine cl = Main.commandLine(args.length == 0 ? "" : args[0]);
                    cl.parseArgs(args);
                } catch (CommandLine.ParameterException e) {
                    throw new AssertionError(where + "\n  " + e.getMessage(), e);
                }
                seen.add(where);
            }
        }
        // the README's own: the demo, sandbox, report, logs, fetch and health lines
        assertThat(seen).hasSizeGreaterThan(15)
                .anySatisfy(l -> assertThat(l).contains("./braid health --config health.yaml --timeout 50"))
                .anySatisfy(l -> assertThat(l).contains("./braid logs --spark-master spark://master:7077"));
    }

    /** Lines of ```sh blocks that run ./braid, continuations joined, comments and redirections cut. */
    static List<String> commandLines(String markdown) {
        List<String> out = new ArrayList<>();
        boolean shell = false;
        StringBuilder pending = null;
        for (String raw : markdown.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("```")) {
                shell = line.equals("```sh") || line.equals("```bash") || line.equals("```shell");
                continue;
            }
            if (!shell) continue;
            if (pending != null) {
                pending.append(' ').append(line);
            } else if (line.startsWith("./braid ")) {
                pending = new StringBuilder(line);
            } else {
                continue;
            }
            if (pending.toString().endsWith("\\")) {
                pending.setLength(pending.length() - 1);
                continue;
            }
            out.add(shellPart(pending.toString()).strip());
            pending = null;
        }
        return out;
    }

    /** The command before a comment, a redirection or a pipe (outside quotes). */
    private static String shellPart(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if ((c == '#' && (i == 0 || line.charAt(i - 1) == ' ')) || c == '>' || c == '|' || c == '<'
                    || c == '&' || c == ';') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** Words as the shell splits them: whitespace outside quotes, the quotes removed. */
    private static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else w.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                if (w == null) w = new StringBuilder();
            } else if (Character.isWhitespace(c)) {
                if (w != null) out.add(w.toString());
                w = null;
            } else {
                if (w == null) w = new StringBuilder();
                w.append(c);
            }
        }
        if (w != null) out.add(w.toString());
        return out;
    }
}
