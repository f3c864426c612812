package braid.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import braid.core.Clock;
import braid.report.config.BraidConfig;
import braid.sandbox.DemoEnvironment;
import braid.sandbox.SmtpSink;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's e-mail as a client sees it (issue 12): parsed by Python's email package with its inline chart, and its
 * HTML part laid out by headless Chromium (Debian's chromium, which .ci/run installs) at 375 and 1,200 px: nothing
 * wider than the viewport, the chart loaded and visible, the HTML under Gmail's 102 KB clipping limit. The changes
 * against the day before come from kept daily figures; the week before has none, so it shows "—".
 */
class EmailRenderingTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);

    @TempDir
    Path dir;

    Path run(String locale) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve(locale), DAY, DemoEnvironment.Latency.NONE)) {
            Path cfg = env.config().resolveSibling(locale + ".yaml"); // its own state folder, next to it
            Files.writeString(cfg, Files.readString(env.config()).replaceFirst("(?m)^company:\\n", "company:\n  locale: " + locale
                    + "\n  address: \"Hauptstraße 1, 80331 München\"\n"));
            BraidConfig config = BraidConfig.load(cfg, env.env());
            // the day before's figures as a former run kept them: Alpenrad had 1,000 requests
            Path history = config.stateDir().resolve("history");
            Files.createDirectories(history);
            Files.writeString(history.resolve(DAY.minusDays(1) + ".json"), """
                    {"day": "%s", "sites": {"www.alpenrad.example": {"requests": 1000, "visitors": 100, "bytes": 1000000,
                     "notFound": 10, "serverErrors": 0}}}""".formatted(DAY.minusDays(1)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
            ReportRun.Outcome o = new ReportRun(config, ReportOptions.DEFAULT.withDate(DAY), env.env(), Clock.system(), ps, ps, false).run();
            assertThat(o.exitCode()).as(out.toString()).isEqualTo(ExitCode.OK);
            List<SmtpSink.Received> received = env.smtp().list();
            SmtpSink.Received alpenrad = received.stream().filter(r -> r.recipients().contains("info@alpenrad.example"))
                    .findFirst().orElseThrow(() -> new AssertionError(locale + ": no mail to Alpenrad among "
                            + received.stream().map(SmtpSink.Received::recipients).toList() + "\n" + out));
            Path eml = dir.resolve("alpenrad-" + locale + ".eml");
            Files.copy(alpenrad.file(), eml);
            assertThat(Files.exists(history.resolve(DAY + ".json"))).as("the run keeps the day's figures").isTrue();
            return eml;
        }
    }

    static String python(Path eml) throws Exception {
        Path script = Path.of(EmailRenderingTest.class.getResource("/check_eml.py").toURI());
        Process p = new ProcessBuilder("python3", script.toString(), eml.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void englishAndGermanEmailsParseInPythonWithTheirInlineChartAndShowTheChanges() throws Exception {
        for (String locale : List.of("en", "de")) {
            Path eml = run(locale);
            String parsed = python(eml);
            assertThat(parsed).contains("\"png_bytes\"");
            String text = textPart(eml);
            if (locale.equals("en")) {
                assertThat(text).contains("REQUESTS PER HOUR", "vs. day before", "TOP REFERRING SITES");
                // the day before was kept, the week before was not: its "—" is left out of the text line
                assertThat(text).containsPattern("Requests: [\\d,]+ \\([+−]\\d[\\d,]* % vs\\. day before\\)\\R")
                        .doesNotContain("— vs.");
            } else {
                assertThat(text).contains("ANFRAGEN PRO STUNDE", "ggü. Vortag", "Hallo Alpenrad GmbH").doesNotContain("— ggü.");
            }
            assertThat(text).doesNotContain("0 %)");
        }
    }

    @Test
    void theHtmlPartFitsA375And1200PixelViewportInChromiumWithTheChartVisible() throws Exception {
        assumeTrue(braid.testkit.Chromium.available(), "Debian's chromium is not installed (.ci/run installs it)");
        Path eml = run("en");
        String html = htmlWithImagesInline(eml);
        assertThat(html.getBytes(StandardCharsets.UTF_8).length).as("HTML without the image").isLessThan(102 * 1024);
        for (int width : new int[]{375, 1200}) {
            // Headless Chromium's window is at least 500 px wide: the e-mail is laid out in a frame of the exact
            // width, as a phone's mail app shows it, and measured from the page around it once loaded.
            Path page = dir.resolve("email-" + width + ".html");
            Files.writeString(page, """
                    <!DOCTYPE html><html><head><meta charset="utf-8"><title>pending</title></head>
                    <body style="margin:0"><iframe id="f" style="border:0;width:%dpx;height:2400px" srcdoc="%s"></iframe>
                    <script>document.getElementById('f').addEventListener('load', () => {
                      const d = document.getElementById('f').contentDocument, img = d.querySelector('img');
                      const r = img.getBoundingClientRect();
                      document.title = JSON.stringify({viewport: d.documentElement.clientWidth, page: d.documentElement.scrollWidth,
                        imgLoaded: img.complete && img.naturalWidth > 0, imgWidth: Math.round(r.width),
                        imgRight: Math.round(r.right), imgHeight: Math.round(r.height), height: d.documentElement.scrollHeight}); });
                    </script></body></html>""".formatted(width, html.replace("&", "&amp;").replace("\"", "&quot;")));
            String dom = chromium("--dump-dom", "--window-size=" + Math.max(width, 600) + ",1200", page.toUri().toString());
            String title = dom.replaceAll("(?s).*<title>(.*?)</title>.*", "$1").replace("&quot;", "\"");
            assertThat(title).as(dom.length() > 2000 ? dom.substring(0, 2000) : dom).startsWith("{");
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(title);
            assertThat(json.get("viewport").asInt()).as(title).isEqualTo(width);
            assertThat(json.get("page").asInt()).as("nothing wider than the viewport at " + width + ": " + title)
                    .isLessThanOrEqualTo(width);
            assertThat(json.get("imgLoaded").asBoolean()).as(title).isTrue();
            assertThat(json.get("imgWidth").asInt()).as(title).isGreaterThan(Math.min(width, 544) / 2);
            assertThat(json.get("imgHeight").asInt()).as(title).isGreaterThan(50);
            assertThat(json.get("imgRight").asInt()).as(title).isLessThanOrEqualTo(width);
            // a picture to look at: target/email-375.png, target/email-1200.png
            Path shot = Path.of("target", "email.html").toAbsolutePath(); // with its chart inline, to open in a browser
            Files.writeString(shot, html);
            Path png = Path.of("target", "email-" + width + ".png").toAbsolutePath();
            chromium("--screenshot=" + png, "--window-size=" + Math.max(width, 500) + "," + Math.min(json.get("height").asInt() + 40, 3000),
                    shot.toUri().toString());
            assertThat(png).exists();
        }
    }

    @Test
    void theEmailStaysReadableWhenTheReaderPrefersDarkMode() throws Exception {
        assumeTrue(braid.testkit.Chromium.available(), "Debian's chromium is not installed (.ci/run installs it)");
        String html = htmlWithImagesInline(run("en"));
        // every text element's colour against the background it is drawn on, with prefers-color-scheme: dark
        Path page = dir.resolve("dark.html");
        Files.writeString(page, html.replace("</body>", """
                <script>addEventListener('load', () => {
                  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
                  const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
                  const bg = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
                    if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3); } return [255, 255, 255]; };
                  let worst = 99, what = '';
                  for (const el of document.querySelectorAll('td, div, a')) {
                    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
                    const a = lum(rgb(getComputedStyle(el).color).slice(0, 3)), b = lum(bg(el));
                    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                    if (ratio < worst) { worst = ratio; what = el.textContent.trim().slice(0, 40); }
                  }
                  document.title = JSON.stringify({dark: matchMedia('(prefers-color-scheme: dark)').matches, worst, what}); });
                </script></body>"""));
        String dom = chromium("--force-dark-mode", "--dump-dom", "--window-size=800,1200", page.toUri().toString());
        String title = dom.replaceAll("(?s).*<title>(.*?)</title>.*", "$1").replace("&quot;", "\"");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(title);
        assertThat(json.get("dark").asBoolean()).as("the browser prefers dark: " + title).isTrue();
        // WCAG AA for small text is 4.5:1; the footer's grey on white is the faintest text on purpose
        assertThat(json.get("worst").asDouble()).as("faintest text in dark mode: " + title).isGreaterThanOrEqualTo(3.0);
    }

    static String chromium(String... args) throws Exception {
        return braid.testkit.Chromium.run(args);
    }

    static MimeMessage parse(Path eml) throws Exception {
        try (InputStream in = Files.newInputStream(eml)) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), in);
            m.getContent();
            return m;
        }
    }

    static String textPart(Path eml) throws Exception {
        return (String) ((MimeMultipart) parse(eml).getContent()).getBodyPart(0).getContent();
    }

    /** The HTML part with each cid: image replaced by a data: URI, as a mail client resolves it. */
    static String htmlWithImagesInline(Path eml) throws Exception {
        MimeMultipart related = (MimeMultipart) ((MimeMultipart) parse(eml).getContent()).getBodyPart(1).getContent();
        String html = (String) related.getBodyPart(0).getContent();
        for (int i = 1; i < related.getCount(); i++) {
            Part image = related.getBodyPart(i);
            String cid = ((jakarta.mail.internet.MimeBodyPart) image).getContentID().replaceAll("[<>]", "");
            byte[] data = image.getInputStream().readAllBytes();
            html = html.replace("cid:" + cid, "data:image/png;base64," + Base64.getEncoder().encodeToString(data));
        }
        return html;
    }
}
