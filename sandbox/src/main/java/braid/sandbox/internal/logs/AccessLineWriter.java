package braid.sandbox.internal.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;

/** Writes access-log lines straight into a byte buffer; one instance per write, not thread-safe. */
public final class AccessLineWriter {
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
        "Oct", "Nov", "Dec"};
    private static final String[] BROWSERS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.%d.%d Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%d.%d Safari/605.1.%d",
        "Mozilla/5.0 (X11; Linux x86_64; rv:%d.0) Gecko/20100101 Firefox/%d.%d",
        "Mozilla/5.0 (iPhone; CPU iPhone OS %d_%d like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E%d",
        "Mozilla/5.0 (Linux; Android %d; SM-G99%d) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.%d.%d Safari/537.36 Edg/%d.0",
    };
    private static final String[] BOTS = {
        "Mozilla/5.0 (compatible; Googlebot/2.%d; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.%d; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; AhrefsBot/7.%d; +http://ahrefs.com/robot/)",
        "Mozilla/5.0 (compatible; SemrushBot/7~bl%d; +http://www.semrush.com/bot.html)",
        "curl/7.%d.%d",
        "python-requests/2.%d.%d",
        "Wget/1.%d.%d",
        "Mozilla/5.0 (compatible; YandexBot/3.%d; +http://yandex.com/bots)",
    };
    private static final String[] SECTIONS = {"blog", "products", "docs", "news", "static/css", "static/js",
        "images", "api/v1/items", "category", "tag"};
    private static final String[] EXT = {"", ".html", ".css", ".js", ".png", ".jpg", ".svg", ""};
    private static final String[] METHODS = {"GET", "GET", "GET", "GET", "GET", "GET", "GET", "GET", "GET",
        "GET", "GET", "GET", "GET", "GET", "GET", "GET", "GET", "POST", "POST", "HEAD"};

    private final SplittableRandom rnd;
    private final int format;
    private final byte[][] ips;
    private final byte[][] agents;
    private final byte[][] paths;
    private final byte[][] referers;
    private final byte[][] vhosts;
    private final byte[][] dayPrefix = new byte[3][];
    private final double neighbourShare;
    private final byte[] buf = new byte[1 << 20];
    private int pos;

    public AccessLineWriter(long seed, LocalDate day, ZoneOffset offset, int nIps, int nAgents, int nPaths,
            int format, List<String> vhostNames, double neighbourShare) {
        this.rnd = new SplittableRandom(seed);
        this.format = format;
        this.neighbourShare = neighbourShare;
        SplittableRandom r = new SplittableRandom(seed * 31 + 7);
        ips = new byte[nIps][];
        for (int i = 0; i < nIps; i++) {
            String ip;
            if (i % 10 == 9) {
                ip = String.format("2001:db8:%x:%x::%x", r.nextInt(0x10000), r.nextInt(0x10000), r.nextInt(1, 0x10000));
            } else {
                ip = (r.nextInt(1, 224)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
            }
            ips[i] = ascii(ip);
        }
        agents = new byte[nAgents][];
        for (int i = 0; i < nAgents; i++) {
            String a;
            if (i % 12 == 5) {
                a = String.format(BOTS[r.nextInt(BOTS.length)], r.nextInt(100), r.nextInt(100));
            } else {
                a = String.format(BROWSERS[r.nextInt(BROWSERS.length)], 90 + r.nextInt(40), r.nextInt(6000),
                        r.nextInt(200), 100 + r.nextInt(40));
            }
            a = a + (i >= BROWSERS.length + BOTS.length ? "" : "");
            if (i % 97 == 13) {
                // Some clients send percent-encoded agents; GoAccess decodes them before counting.
                a = a.replace(" ", "%20");
            }
            if (i % 89 == 11) {
                a = a.replace("Safari", "Safari \\\"quoted\\\"");
            }
            agents[i] = ascii(a + " " + (i / 7));
        }
        paths = new byte[nPaths][];
        for (int i = 0; i < nPaths; i++) {
            String p = i == 0 ? "/" : "/" + SECTIONS[r.nextInt(SECTIONS.length)] + "/item-" + i
                    + EXT[r.nextInt(EXT.length)];
            if (r.nextInt(8) == 0) {
                p = p + "?page=" + r.nextInt(20) + "&utm_source=news";
            }
            paths[i] = ascii(p);
        }
        referers = new byte[400][];
        for (int i = 0; i < referers.length; i++) {
            String ref = switch (i % 4) {
                case 0 -> "https://www.google.com/search?q=term" + i;
                case 1 -> "https://site" + i + ".example.net/page/" + i;
                case 2 -> "https://www.example.com/blog/item-" + i;
                default -> "http://news" + (i % 37) + ".example.org/";
            };
            referers[i] = ascii(ref);
        }
        vhosts = new byte[vhostNames.size()][];
        for (int i = 0; i < vhosts.length; i++) {
            vhosts[i] = ascii(vhostNames.get(i) + (i % 2 == 0 ? ":443" : ":80"));
        }
        String off = String.format("%s%02d%02d", offset.getTotalSeconds() < 0 ? "-" : "+",
                Math.abs(offset.getTotalSeconds()) / 3600, Math.abs(offset.getTotalSeconds()) / 60 % 60);
        for (int d = -1; d <= 1; d++) {
            LocalDate date = day.plusDays(d);
            dayPrefix[d + 1] = ascii(String.format("%02d/%s/%04d", date.getDayOfMonth(),
                    MONTHS[date.getMonthValue() - 1], date.getYear()) + "|" + off);
        }
    }

    /** Writes lines until {@code maxBytes} or {@code maxLines} is reached; returns the bytes written. */
    public long write(OutputStream out, long maxBytes, long maxLines) throws IOException {
        long written = 0;
        long lines = 0;
        while (written < maxBytes && lines < maxLines) {
            double progress = maxLines != Long.MAX_VALUE ? (double) lines / maxLines : (double) written / maxBytes;
            int start = pos;
            line(progress);
            written += pos - start;
            lines++;
            if (pos > buf.length - 8192) {
                out.write(buf, 0, pos);
                pos = 0;
            }
        }
        out.write(buf, 0, pos);
        pos = 0;
        return written;
    }

    private void line(double progress) {
        if (format == 2) {
            put(vhosts[skew(vhosts.length, 1)]);
            put((byte) ' ');
        }
        int ipIdx = skew(ips.length, 3);
        put(ips[ipIdx]);
        put(" - - [");
        int dayIdx = 1;
        int sec = (int) (progress * 86400) + rnd.nextInt(-30, 31);
        if (neighbourShare > 0 && rnd.nextDouble() < neighbourShare) {
            dayIdx = rnd.nextBoolean() ? 0 : 2;
            sec = dayIdx == 0 ? 86400 - rnd.nextInt(1, 900) : rnd.nextInt(900);
        }
        sec = Math.clamp(sec, 0, 86399);
        byte[] dp = dayPrefix[dayIdx];
        System.arraycopy(dp, 0, buf, pos, 11);
        pos += 11;
        put((byte) ':');
        two(sec / 3600);
        put((byte) ':');
        two(sec / 60 % 60);
        put((byte) ':');
        two(sec % 60);
        put((byte) ' ');
        System.arraycopy(dp, 12, buf, pos, 5);
        pos += 5;
        put("] \"");
        int pathIdx = skew(paths.length, 2);
        int status = status();
        put(METHODS[rnd.nextInt(METHODS.length)]);
        put((byte) ' ');
        put(paths[pathIdx]);
        put(rnd.nextInt(3) == 0 ? " HTTP/2.0\" " : " HTTP/1.1\" ");
        num(status);
        put((byte) ' ');
        if (status == 304 || status == 204 || status == 101) {
            put(rnd.nextBoolean() ? (byte) '-' : (byte) '0');
        } else {
            num(status >= 400 ? 150 + rnd.nextInt(400) : 200 + rnd.nextInt(60_000));
        }
        if (format != 1) {
            put(" \"");
            int r = rnd.nextInt(10);
            if (r < 4) {
                put((byte) '-');
            } else {
                put(referers[skew(referers.length, 2)]);
            }
            put("\" \"");
            // A client mostly keeps its user agent, as real traffic does; some switch (apps, bots).
            int agentIdx = rnd.nextInt(20) == 0 ? skew(agents.length, 2)
                    : (int) (((ipIdx * 0x9E3779B1L) >>> 7) % agents.length);
            put(agents[agentIdx]);
            put((byte) '"');
        }
        put((byte) '\n');
    }

    private int status() {
        int r = rnd.nextInt(1000);
        if (r < 780) return 200;
        if (r < 840) return 304;
        if (r < 870) return 301;
        if (r < 885) return 302;
        if (r < 935) return 404;
        if (r < 940) return 403;
        if (r < 945) return 206;
        if (r < 950) return 400;
        if (r < 955) return 204;
        if (r < 985) return 500;
        if (r < 992) return 502;
        if (r < 998) return 503;
        return 101;
    }

    /** A skewed index: low indexes are far more popular, as with real clients and pages. */
    private int skew(int n, int power) {
        double u = rnd.nextDouble();
        double v = u;
        for (int i = 1; i < power; i++) {
            v *= u;
        }
        return (int) (v * n);
    }

    private void two(int v) {
        buf[pos++] = (byte) ('0' + v / 10);
        buf[pos++] = (byte) ('0' + v % 10);
    }

    private void num(int v) {
        if (v >= 10) {
            num(v / 10);
        }
        buf[pos++] = (byte) ('0' + v % 10);
    }

    private void put(byte b) {
        buf[pos++] = b;
    }

    private void put(byte[] b) {
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    private void put(String s) {
        for (int i = 0; i < s.length(); i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
