package braid.web.internal;

import org.jspecify.annotations.Nullable;
import braid.web.NewsItem;
import java.io.StringReader;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jsoup.nodes.Entities;

/**
 * Parses RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 0.3/1.0 into {@link NewsItem}s with the JDK's StAX
 * parser. Elements are matched by local name, because real feeds put RSS into stray default
 * namespaces (oren.ru uses {@code http://backend.userland.com/rss2}). Thread-safe: the factory is
 * configured once and only used to create readers.
 */
public final class FeedParser {
    private static final Pattern ROOT = Pattern.compile("<([A-Za-z_][\\w.-]*:)?([A-Za-z_][\\w.-]*)");
    private static final XMLInputFactory FACTORY = newFactory();
    private static final Pattern NAMED_ENTITY = Pattern.compile("&([A-Za-z][A-Za-z0-9]{1,31});");
    private static final java.util.Set<String> XML_ENTITIES = java.util.Set.of("amp", "lt", "gt", "quot", "apos");

    private final int maxItems;
    private final int maxTitleChars;
    private final int maxSummaryChars;

    public FeedParser(int maxItems, int maxTitleChars, int maxSummaryChars) {
        this.maxItems = maxItems;
        this.maxTitleChars = maxTitleChars;
        this.maxSummaryChars = maxSummaryChars;
    }

    // XXE-safe: no DTD processing and no external entities, so a feed cannot make us read local
    // files or other URLs, nor expand a billion laughs. The JDK implementation is requested
    // explicitly so that a StAX provider elsewhere on the classpath cannot change these rules.
    private static XMLInputFactory newFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** Whether the text's root element is rss, feed or rdf:RDF, i.e. it is a feed and not a page. */
    public static boolean looksLikeFeed(String text) {
        int i = 0;
        int n = Math.min(text.length(), 4096);
        while (i < n) {
            int lt = text.indexOf('<', i);
            if (lt < 0 || lt + 1 >= text.length()) return false;
            char c = text.charAt(lt + 1);
            if (c == '?' || c == '!') {
                int gt = text.indexOf('>', lt);
                if (gt < 0) return false;
                i = gt + 1;
                continue;
            }
            Matcher m = ROOT.matcher(text);
            if (!m.find(lt) || m.start() != lt) return false;
            String name = m.group(2).toLowerCase(Locale.ROOT);
            return name.equals("rss") || name.equals("feed") || name.equals("rdf");
        }
        return false;
    }

    /**
     * Rewrites HTML named entities ({@code &nbsp;}, {@code &eacute;}) as numeric references. RSS
     * 0.91 feeds relied on the Netscape DTD to declare them, and with DTDs off the parser treats
     * any undeclared entity as a fatal error. XML's own five and unknown names are left alone
     * (an unknown one still fails the parse, as it should).
     */
    static String htmlEntitiesToNumeric(String xml) {
        if (xml.indexOf('&') < 0) return xml;
        Matcher m = NAMED_ENTITY.matcher(xml);
        StringBuilder sb = null;
        int last = 0;
        while (m.find()) {
            String name = m.group(1);
            if (XML_ENTITIES.contains(name)) continue;
            String value = Entities.getByName(name);
            if (value.isEmpty()) continue;
            if (sb == null) sb = new StringBuilder(xml.length() + 64);
            sb.append(xml, last, m.start());
            for (int cp : value.codePoints().toArray()) sb.append("&#").append(cp).append(';');
            last = m.end();
        }
        if (sb == null) return xml;
        return sb.append(xml, last, xml.length()).toString();
    }

    /**
     * Parses the feed.
     *
     * @param base the feed's own URL, against which relative links and xml:base are resolved
     * @throws XMLStreamException if the text is not well-formed XML
     */
    public List<NewsItem> parse(String xml, URI base) throws XMLStreamException {
        String text = htmlEntitiesToNumeric(xml);
        XMLStreamReader r;
        // XMLInputFactory promises no thread-safety (the JDK's keeps a last-reader field), so
        // creation is serialized; parsing with the created reader is not.
        synchronized (FACTORY) {
            r = FACTORY.createXMLStreamReader(new StringReader(text));
        }
        try {
            return items(r, base);
        } finally {
            r.close();
        }
    }

    private List<NewsItem> items(XMLStreamReader r, URI docBase) throws XMLStreamException {
        List<NewsItem> out = new ArrayList<>();
        Deque<URI> bases = new ArrayDeque<>();
        bases.push(docBase);
        URI channelLink = null;
        Item cur = null;
        int depth = 0;
        int itemDepth = -1;
        while (r.hasNext()) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
                URI base = withXmlBase(bases.peek(), r);
                bases.push(base);
                String name = r.getLocalName();
                if (cur == null) {
                    if (name.equals("item") || name.equals("entry")) {
                        cur = new Item(base, name.equals("entry"));
                        itemDepth = depth;
                    } else if (name.equals("link") && channelLink == null && depth <= 3) {
                        channelLink = linkOf(r, base, false);
                        if (r.getEventType() == XMLStreamConstants.END_ELEMENT) { bases.pop(); depth--; }
                    }
                } else if (depth == itemDepth + 1) {
                    child(r, name, base, cur);
                    bases.pop(); // child() consumed the element through its END_ELEMENT
                    depth--;
                }
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                bases.pop();
                if (cur != null && depth == itemDepth) {
                    NewsItem item = cur.build(channelLink != null ? channelLink : docBase);
                    if (item != null) out.add(item);
                    if (out.size() >= maxItems) return out;
                    cur = null;
                }
                depth--;
            }
        }
        return out;
    }

    private void child(XMLStreamReader r, String name, URI base, Item cur) throws XMLStreamException {
        String type = attr(r, "type");
        String mode = attr(r, "mode");
        switch (name) {
            case "title" -> cur.title = plain(read(r), cur.atom, type, mode, maxTitleChars);
            case "link" -> {
                URI link = linkOf(r, base, true);
                if (link != null && cur.link == null) cur.link = link;
                if (r.getEventType() != XMLStreamConstants.END_ELEMENT) skip(r);
            }
            case "description", "summary", "abstract" -> {
                if (cur.summary == null || cur.summary.isEmpty()) cur.summary = plain(read(r), cur.atom, type, mode, maxSummaryChars);
                else skip(r);
            }
            case "content", "encoded" -> {
                if (cur.content == null || cur.content.isEmpty()) cur.content = plain(read(r), cur.atom, type, mode, maxSummaryChars);
                else skip(r);
            }
            case "pubDate", "published", "issued", "created", "date" -> {
                Instant d = FeedDates.parse(read(r).text);
                if (cur.published == null) cur.published = d;
            }
            case "updated", "modified" -> {
                Instant d = FeedDates.parse(read(r).text);
                if (cur.updated == null) cur.updated = d;
            }
            case "guid" -> {
                String permalink = attr(r, "isPermaLink");
                String text = read(r).text;
                if (permalink == null || permalink.equalsIgnoreCase("true")) cur.guidLink = Links.resolve(base, text);
            }
            default -> skip(r);
        }
    }

    /**
     * The link of an RSS {@code <link>text</link>} or an Atom {@code <link rel href/>}; for Atom
     * only rel="alternate" (or no rel) counts. Consumes the element when it has text content.
     */
    private static @Nullable URI linkOf(XMLStreamReader r, URI base, boolean inItem) throws XMLStreamException {
        String href = attr(r, "href");
        if (href != null) {
            String rel = attr(r, "rel");
            if (rel != null && !rel.equalsIgnoreCase("alternate")) return null;
            return Links.resolve(base, href);
        }
        return Links.resolve(base, read(r).text);
    }

    private static URI withXmlBase(URI parent, XMLStreamReader r) {
        String xmlBase = r.getAttributeValue(XMLConstants.XML_NS_URI, "base");
        if (xmlBase == null) return parent;
        URI resolved = Links.resolve(parent, xmlBase);
        return resolved == null ? parent : resolved;
    }

    private static @Nullable String attr(XMLStreamReader r, String local) {
        for (int i = 0; i < r.getAttributeCount(); i++) {
            if (r.getAttributeLocalName(i).equals(local)) {
                String ns = r.getAttributeNamespace(i);
                if (ns == null || ns.isEmpty() || local.equals("isPermaLink")) return r.getAttributeValue(i);
            }
        }
        return null;
    }

    /** Text of one element; {@code markup} rebuilds nested (XHTML) elements as HTML. */
    private record Content(String text, String markup, boolean nested) {}

    private static Content read(XMLStreamReader r) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        StringBuilder markup = new StringBuilder();
        boolean nested = false;
        int depth = 1;
        while (depth > 0) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    nested = true;
                    markup.append('<').append(r.getLocalName()).append('>');
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    depth--;
                    if (depth > 0) markup.append("</").append(r.getLocalName()).append('>');
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    text.append(r.getText());
                    markup.append(Entities.escape(r.getText()));
                }
                default -> { /* comments, processing instructions */ }
            }
        }
        return new Content(text.toString(), markup.toString(), nested);
    }

    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) depth++;
            else if (ev == XMLStreamConstants.END_ELEMENT) depth--;
        }
    }

    /**
     * RSS text elements hold entity-encoded HTML by convention, so they are stripped as HTML.
     * Atom says what it holds: type text (the default) is taken literally, html and xhtml are
     * stripped; Atom 0.3 marks escaped HTML with mode="escaped".
     */
    private static @Nullable String plain(Content c, boolean atom, @Nullable String type, @Nullable String mode, int max) {
        if (c.nested) return PlainText.fromHtml(c.markup, max);
        boolean html = !atom
                || (type != null && type.toLowerCase(Locale.ROOT).contains("html"))
                || "escaped".equalsIgnoreCase(mode);
        return html ? PlainText.fromHtml(c.text, max) : PlainText.fromText(c.text, max);
    }

    /** Collects one item's fields; builds a NewsItem when it has something to show. */
    private final class Item {
        final URI base;
        final boolean atom;
        @Nullable String title;
        @Nullable String summary;
        @Nullable String content;
        @Nullable URI link;
        @Nullable URI guidLink;
        @Nullable Instant published;
        @Nullable Instant updated;

        Item(URI base, boolean atom) {
            this.base = base;
            this.atom = atom;
        }

        @Nullable NewsItem build(URI fallbackLink) {
            String sum = summary == null || summary.isEmpty() ? (content == null ? "" : content) : summary;
            String t = title == null ? "" : title;
            if (t.isEmpty()) t = PlainText.fromText(sum, Math.min(maxTitleChars, 80));
            if (t.isEmpty()) return null;
            URI l = link != null ? link : guidLink != null ? guidLink : fallbackLink;
            return new NewsItem(t, l, published != null ? published : updated, sum);
        }
    }
}
