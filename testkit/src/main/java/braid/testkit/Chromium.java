package braid.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium ({@code apt-get install chromium}; {@code .ci/run} installs it) for tests of pages and
 * e-mails as a browser lays them out: {@link #measure} loads a page, runs a script after its load event and returns
 * what the script put into {@code document.title} (JSON, typically); {@link #screenshot} writes a PNG to look at.
 * Every call starts a fresh browser with its own profile, no network services and a virtual-time budget, so a page
 * that loads something from the internet fails instead of waiting.
 */
public final class Chromium {
    /** Where Debian's package puts it. */
    public static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Pattern TITLE = Pattern.compile("(?s)<title>(.*?)</title>");

    private Chromium() {}

    /** Whether the browser is installed (tests use it as an assumption and CI installs it). */
    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** Runs the browser headless with {@code args}; its standard output. */
    public static String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--virtual-time-budget=5000",
                "--user-data-dir=" + Files.createTempDirectory("braid-chromium")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish within 90 s");
        }
        return out;
    }

    /**
     * Loads {@code html} (written next to {@code work}) in a window of {@code width} × {@code height}, runs
     * {@code script} after the load event and returns the {@code document.title} it set (HTML entities decoded).
     */
    public static String measure(String html, Path work, int width, int height, String script)
            throws IOException, InterruptedException {
        Path page = Files.createTempFile(work, "measure-", ".html");
        String probe = "<script>addEventListener('load', () => {" + script + "});</script>";
        int end = html.lastIndexOf("</body>");
        Files.writeString(page, end < 0 ? html + probe : html.substring(0, end) + probe + html.substring(end));
        String dom = run("--dump-dom", "--window-size=" + width + "," + height, page.toUri().toString());
        Matcher m = TITLE.matcher(dom);
        if (!m.find()) throw new IOException("no title in the page Chromium loaded: " + dom.substring(0, Math.min(500, dom.length())));
        return m.group(1).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** A PNG of {@code page} at {@code width} × {@code height}. */
    public static Path screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, page.toUri().toString());
        if (!Files.isRegularFile(png)) throw new IOException("chromium wrote no screenshot " + png);
        return png;
    }
}
