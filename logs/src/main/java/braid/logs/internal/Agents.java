package braid.logs.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** User-agent helpers: GoAccess's URL decoding and bot recognition. */
final class Agents {
    private static final String[] BOT_MARKERS = {"bot", "crawl", "spider", "slurp", "curl/", "wget/",
        "python-", "python/", "java/", "go-http-client", "libwww", "httpclient", "scrapy", "facebookexternalhit",
        "headless", "pingdom", "uptime", "monitor", "feedfetcher", "preview", "nikto", "masscan", "zgrab",
        "okhttp", "axios/", "node-fetch", "semrush", "ahrefs", "yandex", "baiduspider", "petalbot", "archive.org"};

    private Agents() {}

    /** Decodes %XX escapes as GoAccess does before it counts a visitor; other bytes are kept. */
    static byte[] urlDecode(byte[] b, int off, int len) {
        boolean any = false;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '%') {
                any = true;
                break;
            }
        }
        if (!any) {
            return java.util.Arrays.copyOfRange(b, off, off + len);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(len);
        for (int i = off; i < off + len; i++) {
            byte x = b[i];
            if (x == '%' && i + 2 < off + len && hex(b[i + 1]) >= 0 && hex(b[i + 2]) >= 0) {
                out.write(hex(b[i + 1]) << 4 | hex(b[i + 2]));
                i += 2;
            } else {
                out.write(x);
            }
        }
        return out.toByteArray();
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int l = c | 0x20;
        if (l >= 'a' && l <= 'f') {
            return l - 'a' + 10;
        }
        return -1;
    }

    static boolean isBot(byte[] agent) {
        String a = new String(agent, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        for (String m : BOT_MARKERS) {
            if (a.contains(m)) {
                return true;
            }
        }
        return false;
    }
}
