// Ad-hoc timing, not a benchmark (the bench module owns those). Run from the repo root after
// ./mvnw -q -o -pl web,sandbox install -DskipTests and a report build (for its braid.classpath):
// java -cp "$HOME/.m2/repository/dev/braid/braid-web/0.1.0-SNAPSHOT/braid-web-0.1.0-SNAPSHOT.jar:$HOME/.m2/repository/dev/braid/braid-sandbox/0.1.0-SNAPSHOT/braid-sandbox-0.1.0-SNAPSHOT.jar:$(cat report/target/braid.classpath)" web/tools/NewsTiming.java
import braid.sandbox.WebsiteStandIn;
import braid.web.*;
import braid.web.internal.*;
import java.nio.file.*;
import java.net.URI;
import java.util.*;
public class NewsTiming { public static void main(String[] a) throws Exception {
  Path dir = Path.of("web/src/test/resources/web-corpus/feeds");
  List<byte[]> feeds = new ArrayList<>(); long bytes = 0;
  try (var s = Files.list(dir)) { for (Path p : s.sorted().toList()) { byte[] b = Files.readAllBytes(p); feeds.add(b); bytes += b.length; } }
  FeedParser fp = new FeedParser(200, 200, 500);
  for (int round = 0; round < 5; round++) {
    long t = System.nanoTime(); int items = 0; int reps = 20;
    for (int r = 0; r < reps; r++) for (byte[] b : feeds) items += fp.parse(TextDecoder.decode(b, null, false).text(), URI.create("http://x/")).size();
    double s = (System.nanoTime() - t) / 1e9;
    System.out.printf("corpus decode+parse: %.1f MB/s, %.0f items/s (%d feeds, %d KB)%n", bytes * reps / 1e6 / s, items / s, feeds.size(), bytes / 1024);
  }
  try (WebsiteStandIn site = WebsiteStandIn.builder().start()) {
    Path state = Files.createTempDirectory("bench-state");
    try (NewsReader r = NewsReader.builder().cacheDir(state).build()) {
      long t0 = System.nanoTime(); r.read(site.newsPageUri()); System.out.printf("first read (cold JVM, page+feed 200): %.1f ms%n", (System.nanoTime() - t0) / 1e6);
      for (String mode : new String[]{"304 (page+feed)", "200 (no cache)"}) {
        NewsReader rr = mode.startsWith("304") ? r : NewsReader.builder().build();
        long[] ts = new long[200];
        for (int i = 0; i < ts.length; i++) { long t = System.nanoTime(); rr.read(site.newsPageUri()); ts[i] = System.nanoTime() - t; }
        Arrays.sort(ts);
        System.out.printf("warm read %s: median %.2f ms, p90 %.2f ms%n", mode, ts[100] / 1e6, ts[180] / 1e6);
        if (rr != r) rr.close();
      }
    }
  }
}}
