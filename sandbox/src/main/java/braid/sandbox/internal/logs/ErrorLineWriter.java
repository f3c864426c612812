package braid.sandbox.internal.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/** Writes nginx or Apache 2.4 error-log lines; one instance per write, not thread-safe. */
public final class ErrorLineWriter {
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
        "Oct", "Nov", "Dec"};
    private static final String[] LEVELS = {"warn", "warn", "warn", "error", "error", "error", "error", "crit",
        "alert", "emerg", "notice", "info"};

    private final SplittableRandom rnd;
    private final LocalDate day;
    private final boolean nginx;

    public ErrorLineWriter(long seed, LocalDate day, ZoneOffset offset, boolean nginx) {
        this.rnd = new SplittableRandom(seed);
        this.day = day;
        this.nginx = nginx;
    }

    /** Writes {@code lines} lines; returns the bytes written. */
    public long write(OutputStream out, long lines) throws IOException {
        long written = 0;
        StringBuilder sb = new StringBuilder(256);
        for (long i = 0; i < lines; i++) {
            sb.setLength(0);
            int sec = (int) (i * 86400 / Math.max(1, lines));
            String level = LEVELS[rnd.nextInt(LEVELS.length)];
            String ip = "203.0.113." + rnd.nextInt(1, 255);
            int pid = 1000 + rnd.nextInt(50);
            if (nginx) {
                sb.append(String.format("%04d/%02d/%02d %02d:%02d:%02d [%s] %d#0: *%d ", day.getYear(),
                        day.getMonthValue(), day.getDayOfMonth(), sec / 3600, sec / 60 % 60, sec % 60, level, pid,
                        rnd.nextInt(1, 1_000_000)));
                switch (rnd.nextInt(4)) {
                    case 0 -> sb.append("open() \"/var/www/html/item-").append(rnd.nextInt(500))
                            .append(".png\" failed (2: No such file or directory)");
                    case 1 -> sb.append("upstream timed out (110: Connection timed out) while reading response header from upstream");
                    case 2 -> sb.append("limiting requests, excess: ").append(rnd.nextInt(1, 20)).append('.')
                            .append(rnd.nextInt(1000)).append(" by zone \"one\"");
                    default -> sb.append("connect() failed (111: Connection refused) while connecting to upstream");
                }
                sb.append(", client: ").append(ip).append(", server: www.example.com, request: \"GET /item-")
                        .append(rnd.nextInt(500)).append(" HTTP/1.1\"");
            } else {
                sb.append(String.format("[%s %s %02d %02d:%02d:%02d.%06d %04d] [%s:%s] [pid %d] [client %s:%d] ",
                        DAYS[day.getDayOfWeek().getValue() - 1], MONTHS[day.getMonthValue() - 1], day.getDayOfMonth(),
                        sec / 3600, sec / 60 % 60, sec % 60, rnd.nextInt(1_000_000), day.getYear(),
                        rnd.nextBoolean() ? "core" : "proxy", level, pid, ip, rnd.nextInt(1024, 65536)));
                switch (rnd.nextInt(3)) {
                    case 0 -> sb.append("AH00128: File does not exist: /var/www/html/item-").append(rnd.nextInt(500));
                    case 1 -> sb.append("AH01102: error reading status line from remote server 127.0.0.1:")
                            .append(8000 + rnd.nextInt(10));
                    default -> sb.append("AH00126: Invalid URI in request GET /%").append(rnd.nextInt(100))
                            .append(" HTTP/1.1");
                }
            }
            sb.append('\n');
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            out.write(b);
            written += b.length;
        }
        return written;
    }
}
