package braid.report.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} with an environment variable, {@code ${file:PATH}} with a file's contents,
 * and {@code $${} with a literal {@code ${}.
 *
 * <p>Written by hand because the rules (file references relative to the config file, errors that
 * name the variable but never a value) are specific to braid; commons-text's StringSubstitutor
 * would need as much code to adapt. Stateless apart from its inputs; thread-confined.
 */
final class Interpolation {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The outcome for one scalar: the value, or the problems that prevented it. */
    record Result(String value, List<String> references, List<String> errors) {
        boolean substituted() {
            return !references.isEmpty();
        }
    }

    private final Map<String, String> env;
    private final Path baseDir;

    Interpolation(Map<String, String> env, Path baseDir) {
        this.env = env;
        this.baseDir = baseDir;
    }

    Result apply(String text) {
        if (!text.contains("$")) {
            return new Result(text, List.of(), List.of());
        }
        StringBuilder out = new StringBuilder(text.length());
        List<String> refs = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    errors.add("unterminated '${' at character " + (i + 1) + " (write '$${' for a literal '${')");
                    break;
                }
                String ref = text.substring(i + 2, end);
                refs.add("${" + ref + "}");
                resolve(ref, out, errors);
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return new Result(out.toString(), List.copyOf(refs), List.copyOf(errors));
    }

    private void resolve(String ref, StringBuilder out, List<String> errors) {
        if (ref.startsWith("file:")) {
            String name = ref.substring("file:".length());
            if (name.isBlank()) {
                errors.add("'${file:}' needs a path, as in ${file:/run/secrets/smtp}");
                return;
            }
            Path path = baseDir.resolve(name).normalize();
            try {
                out.append(stripTrailingNewlines(Files.readString(path, StandardCharsets.UTF_8)));
            } catch (NoSuchFileException e) {
                errors.add("secret file " + path + " (from ${file:" + name + "}) does not exist");
            } catch (IOException | SecurityException e) {
                errors.add("cannot read secret file " + path + " (from ${file:" + name + "}): "
                        + e.getClass().getSimpleName());
            }
            return;
        }
        if (!NAME.matcher(ref).matches()) {
            errors.add("'${" + ref + "}' is not a valid reference; expected ${NAME} with NAME made of letters, "
                    + "digits and '_', or ${file:PATH}");
            return;
        }
        String value = env.get(ref);
        if (value == null) {
            errors.add("environment variable " + ref + " is not set (referenced as ${" + ref + "})");
            return;
        }
        out.append(value);
    }

    private static String stripTrailingNewlines(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }
}
