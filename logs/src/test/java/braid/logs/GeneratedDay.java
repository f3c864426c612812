package braid.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * A generated day of vhost_combined lines spread over several files (the first gzipped), with lines of the days
 * around it, several virtual hosts, every status class, bots, IPv6 and a few malformed lines. Seeded.
 */
public final class GeneratedDay {
    private GeneratedDay() {}

    public static List<Path> write(Path dir, LocalDate day, ZoneId zone, int files, int linesPerFile) throws IOException {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
        String[] hosts = {"www.alpenrad.example", "shop.bergblick.example", "nordlicht-reisen.example", "fjall.example"};
        String[] agents = {"Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0", "Mozilla/5.0 (iPhone) Safari/604.1",
                "Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.4.0"};
        int[] statuses = {200, 200, 200, 304, 301, 404, 500, 503};
        SplittableRandom r = new SplittableRandom(42);
        List<Path> out = new ArrayList<>();
        long from = day.atStartOfDay(zone).minusHours(2).toEpochSecond();
        long span = 28 * 3600L;
        for (int i = 0; i < files; i++) {
            Path p = dir.resolve("access.log" + (i == 0 ? ".1.gz" : i == 1 ? "" : "." + i));
            try (OutputStream raw = Files.newOutputStream(p);
                 OutputStream o = i == 0 ? new GZIPOutputStream(raw) : raw;
                 Writer w = new java.io.OutputStreamWriter(o, StandardCharsets.UTF_8)) {
                for (int n = 0; n < linesPerFile; n++) {
                    if (r.nextInt(500) == 0) {
                        w.write("garbage line " + n + "\n");
                        continue;
                    }
                    ZonedDateTime t = java.time.Instant.ofEpochSecond(from + r.nextLong(span)).atZone(zone);
                    String ip = r.nextInt(10) == 0 ? "2001:db8::" + Integer.toHexString(r.nextInt(300)) : "10.0." + r.nextInt(40) + "." + r.nextInt(250);
                    w.write(hosts[r.nextInt(hosts.length)] + ":443 " + ip + " - - [" + f.format(t) + "] \"GET /p/" + r.nextInt(300)
                            + (r.nextBoolean() ? "?q=" + r.nextInt(9) : "") + " HTTP/1.1\" " + statuses[r.nextInt(statuses.length)]
                            + " " + r.nextInt(90_000) + " \"" + (r.nextInt(3) == 0 ? "https://www.google.com/search" : "-") + "\" \""
                            + agents[r.nextInt(agents.length)] + "\"\n");
                }
            }
            out.add(p);
        }
        return out;
    }
}
