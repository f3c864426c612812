package braid.web.internal;

import org.jspecify.annotations.Nullable;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * Decodes a fetched body to text, choosing the charset the way browsers and feed readers do.
 * Stateless and thread-safe.
 *
 * <p>Order: byte-order mark, then the document's own declaration (XML declaration or HTML meta
 * tag), then the Content-Type header, then UTF-8, then windows-1252. Each candidate must decode
 * the bytes without a single malformed sequence to be chosen, so a lying header or declaration
 * (a page sent as UTF-8 that is really Latin-1) falls through to the next candidate instead of
 * producing replacement characters. The document's declaration goes before the header because
 * servers send one generic header for every file while the author wrote the declaration for this
 * one (RFC 7303 says the opposite for XML; real feeds disagree with it).
 *
 * <p>Hand-written rather than left to jsoup's or the XML parser's own detection because both
 * trust a declared charset blindly: jsoup then fills the text with U+FFFD, the XML parser fails.
 */
public final class TextDecoder {
    private static final Pattern XML_DECL = Pattern.compile("^<\\?xml[^>]*encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");
    private static final Pattern HEADER_CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([A-Za-z0-9._:-]+)");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private TextDecoder() {}

    /** The decoded text and the charset that decoded it. */
    public record Decoded(String text, Charset charset) {}

    /**
     * Decodes {@code body}.
     *
     * @param contentType the Content-Type header value, or null
     * @param html        whether to look for an HTML meta tag (else an XML declaration)
     */
    public static Decoded decode(byte[] body, @Nullable String contentType, boolean html) {
        Charset bom = bom(body);
        if (bom != null) {
            int skip = bom == StandardCharsets.UTF_8 ? 3 : 2;
            return new Decoded(new String(body, skip, body.length - skip, bom), bom);
        }
        List<Charset> candidates = new ArrayList<>(4);
        add(candidates, html ? metaCharset(body) : xmlDeclaration(body));
        add(candidates, headerCharset(contentType));
        add(candidates, "UTF-8");
        for (Charset cs : candidates) {
            String text = strict(body, cs);
            if (text != null) return new Decoded(text, cs);
        }
        // windows-1252 maps every byte but five; those become U+FFFD rather than failing the read.
        return new Decoded(new String(body, WINDOWS_1252), WINDOWS_1252);
    }

    /** The charset parameter of a Content-Type header value, or null. */
    public static @Nullable String headerCharset(@Nullable String contentType) {
        if (contentType == null) return null;
        Matcher m = HEADER_CHARSET.matcher(contentType);
        return m.find() ? m.group(1) : null;
    }

    private static void add(List<Charset> list, @Nullable String label) {
        if (label == null) return;
        try {
            Charset cs = Charset.forName(label.strip());
            // WHATWG Encoding: these labels mean windows-1252 on the web; the C1 range is printable there.
            String name = cs.name().toUpperCase(Locale.ROOT);
            if (name.equals("ISO-8859-1") || name.equals("US-ASCII")) cs = WINDOWS_1252;
            // UTF-16 declared inside a document we could read as ASCII is always a lie.
            if (name.startsWith("UTF-16") || name.startsWith("UTF-32")) cs = StandardCharsets.UTF_8;
            if (!list.contains(cs)) list.add(cs);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            // an unknown label is as good as none
        }
    }

    private static @Nullable String strict(byte[] body, Charset cs) {
        try {
            CharBuffer out = cs.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return out.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static @Nullable Charset bom(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) return StandardCharsets.UTF_8;
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) return StandardCharsets.UTF_16BE;
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) return StandardCharsets.UTF_16LE;
        return null;
    }

    private static @Nullable String xmlDeclaration(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, 200), StandardCharsets.ISO_8859_1).stripLeading();
        Matcher m = XML_DECL.matcher(head);
        return m.find() ? m.group(1) : null;
    }

    // HTML5 prescan looks at the first 1024 bytes; real pages put big scripts first, so look further.
    private static @Nullable String metaCharset(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, 8192), StandardCharsets.ISO_8859_1);
        int headEnd = head.toLowerCase(Locale.ROOT).indexOf("</head");
        if (headEnd > 0) head = head.substring(0, headEnd);
        for (Element meta : Jsoup.parse(head).select("meta[charset], meta[http-equiv][content]")) {
            if (meta.hasAttr("charset")) return meta.attr("charset");
            if (meta.attr("http-equiv").equalsIgnoreCase("content-type")) {
                String cs = headerCharset(meta.attr("content"));
                if (cs != null) return cs;
            }
        }
        return null;
    }
}
