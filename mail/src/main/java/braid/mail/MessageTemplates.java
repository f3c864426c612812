package braid.mail;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;

import java.io.IOException;
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
    static final String SUBJECT = "subject.mustache";
    static final String TEXT = "text.mustache";
    static final String HTML = "html.mustache";

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

    /** The templates shipped with braid (inline CSS, table layout, at most 600 px wide). */
    public static MessageTemplates defaults() {
        String root = "braid/mail/templates";
        return new MessageTemplates("classpath:" + root, new PlainFactory(root), new DefaultMustacheFactory(root));
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
        PlainFactory(String resourceRoot) {
            super(resourceRoot);
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
}
