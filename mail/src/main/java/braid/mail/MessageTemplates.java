package braid.mail;

import org.jspecify.annotations.Nullable;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The three mustache templates of a report e-mail: {@code subject.mustache}, {@code text.mustache} and
 * {@code html.mustache}.
 *
 * <p>The HTML template escapes values as HTML (mustache's default); the subject and text templates do not escape,
 * since they are not HTML (the subject is then cleaned of control characters before it becomes a header).
 * Partials ({@code {{> name}}}) resolve next to the templates. Compiled once; immutable and thread-safe.
 */
public final class MessageTemplates {
    /** The subject's template file. */
    public static final String SUBJECT = "subject.mustache";
    static final String TEXT = "text.mustache";
    static final String HTML = "html.mustache";
    /** The files of a template directory, in the order an e-mail is made of them: subject, text, HTML. */
    public static final java.util.List<String> FILES = java.util.List.of(SUBJECT, TEXT, HTML);

    private final String origin;
    private final Mustache subject;
    private final Mustache text;
    private final Mustache html;

    private MessageTemplates(String origin, DefaultMustacheFactory plain, DefaultMustacheFactory htmlFactory) {
        this.origin = origin;
        try {
            this.subject = plain.compile(SUBJECT);
            this.text = plain.compile(TEXT);
            this.html = htmlFactory.compile(HTML);
        } catch (MustacheException e) {
            throw new IllegalArgumentException("templates in " + origin + ": " + e.getMessage(), e);
        }
    }

    /** The templates shipped with braid (inline CSS, table layout, at most 600 px wide), in English. */
    public static MessageTemplates defaults() {
        return defaults(java.util.Locale.ENGLISH);
    }

    /** The languages the shipped templates are written in. */
    public static final java.util.Set<String> LANGUAGES = java.util.Set.of("en", "de");

    /** The shipped templates in {@code locale}'s language: English or German; any other language gets English. */
    public static MessageTemplates defaults(java.util.Locale locale) {
        String root = "de".equals(locale.getLanguage()) ? "braid/mail/templates/de" : "braid/mail/templates";
        return new MessageTemplates("classpath:" + root, new PlainFactory(new OwnResources(root)),
                new DefaultMustacheFactory(new OwnResources(root)));
    }

    /**
     * The company's own templates from {@code dir}, which must hold all three files.
     *
     * @throws IllegalArgumentException naming the missing file or the template error
     */
    public static MessageTemplates fromDir(Path dir) {
        Objects.requireNonNull(dir, "dir");
        for (String name : new String[]{SUBJECT, TEXT, HTML}) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new IllegalArgumentException("template directory " + dir + " has no " + name);
            }
        }
        return new MessageTemplates(dir.toString(), new PlainFactory(dir.toFile()),
                new DefaultMustacheFactory(dir.toFile()));
    }

    /** A problem in a template: the file, the 1-based line (0 if unknown) and what is wrong. */
    public record Problem(Path file, int line, String message) {
        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line : "") + ": " + message;
        }
    }

    /**
     * Checks the templates in {@code dir} strictly, before anything is sent: each must exist and compile, and every
     * name a tag uses ({@code {{client.nme}}}, {@code {{#figurez}}}) must exist in the models, which should together
     * reach every section (one with every list non-empty and every flag true, one with them empty and false); a name
     * counts as unknown when it resolves in none of them. The keys the mailer adds to every message ({@code client.*},
     * {@code unsubscribeUrl}, {@code hasUnsubscribe}) are added here too.
     * Mustache itself renders an unknown name as nothing, which would send "Hello ," to every client.
     *
     * @return the problems, each with file and line; empty when the templates are sound
     */
    public static java.util.List<Problem> check(Path dir, java.util.List<Map<String, Object>> models) {
        Objects.requireNonNull(dir, "dir");
        java.util.List<Problem> problems = new java.util.ArrayList<>();
        for (String name : new String[]{SUBJECT, TEXT, HTML}) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                problems.add(new Problem(dir.resolve(name), 0, "missing: a template directory holds "
                        + SUBJECT + ", " + TEXT + " and " + HTML));
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        for (String name : new String[]{SUBJECT, TEXT, HTML}) {
            StrictNames names = new StrictNames();
            DefaultMustacheFactory f = name.equals(HTML) ? new DefaultMustacheFactory(dir.toFile())
                    : new PlainFactory(dir.toFile());
            f.setObjectHandler(names);
            Mustache m;
            try {
                m = f.compile(name);
            } catch (MustacheException e) {
                problems.add(new Problem(dir.resolve(name), lineOf(e.getMessage()), "does not compile: " + e.getMessage()));
                continue;
            }
            for (Map<String, Object> model : models) {
                // what the mailer adds to each message's model, with and without an unsubscribe link
                for (String unsubscribe : new String[]{null, "https://example.com/unsubscribe?c=C1"}) {
                    run(m, braid.mail.internal.MessageComposer.model(new OutgoingMessage(
                            new Recipient("C1", "Sample Client", "client@example.com"), model), unsubscribe));
                }
            }
            for (String[] miss : names.misses) {
                String key = miss[0] + ":" + miss[1] + ":" + miss[2];
                if (!names.found.contains(key) && seen.add(key)) {
                    problems.add(new Problem(dir.resolve(miss[0]), Integer.parseInt(miss[1]),
                            "unknown variable '" + miss[2] + "' (docs/templates.md lists every variable)"));
                }
            }
        }
        return problems;
    }

    private static int lineOf(@Nullable String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\\d+)\\]").matcher(message == null ? "" : message);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /**
     * Records every tag whose name resolved to nothing (models never hold nulls, so null means absent) and every one
     * that resolved: a name is unknown when it never resolved in any of the models, since some keys exist only in
     * some models (a note for a client without a site, figures for one with a site).
     */
    private static final class StrictNames extends com.github.mustachejava.reflect.ReflectionObjectHandler {
        final java.util.List<String[]> misses = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.Set<String> found = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public com.github.mustachejava.Binding createBinding(String name, com.github.mustachejava.TemplateContext tc,
                                                             com.github.mustachejava.Code code) {
            com.github.mustachejava.Binding b = super.createBinding(name, tc, code);
            return scopes -> {
                Object v = b.get(scopes);
                if (v == null && !name.equals(".")) {
                    misses.add(new String[]{tc.file(), Integer.toString(tc.line()), name});
                } else {
                    found.add(tc.file() + ":" + tc.line() + ":" + name);
                }
                return v;
            };
        }
    }

    /** Renders subject, text and HTML for one model. */
    public Rendered render(Map<String, Object> model) {
        return new Rendered(braid.mail.internal.Addresses.headerText(run(subject, model)), run(text, model),
                run(html, model));
    }

    /** Where the templates came from (a directory or the classpath). */
    public String origin() {
        return origin;
    }

    /** The rendered parts of one message. */
    public record Rendered(String subject, String text, String html) {
    }

    private static String run(Mustache m, Map<String, Object> model) {
        StringWriter out = new StringWriter(4096);
        try {
            m.execute(out, model).flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A factory that writes values verbatim: the subject and the text part are not HTML. */
    private static final class PlainFactory extends DefaultMustacheFactory {
        PlainFactory(com.github.mustachejava.MustacheResolver resolver) {
            super(resolver);
        }

        PlainFactory(java.io.File root) {
            super(root);
        }

        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new MustacheException("failed to write", e);
            }
        }
    }

    /**
     * The shipped templates, read through this class: mustache's own class-path resolver asks a class loader, which
     * cannot see into a named module's packages when braid runs on the module path.
     */
    private record OwnResources(String root) implements com.github.mustachejava.MustacheResolver {
        @Override
        public java.io.@Nullable Reader getReader(String name) {
            InputStream in = MessageTemplates.class.getResourceAsStream("/" + root + "/" + name);
            return in == null ? null : new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
