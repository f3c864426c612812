package braid.bench.mail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The client e-mail's hourly chart, as a run of the daily report makes one per client website: drawn by JFreeChart,
 * then encoded as PNG by braid's writer ({@code HourlyChart.png}) and, for the same drawing, by ImageIO's PNG writer
 * (what braid used before). Alternating in one process; the first chart of each is a fresh JVM's.
 *
 * <pre>
 * ./mvnw -q -o -pl bench -am package -DskipTests
 * java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp bench/target/classes:$(cat bench/target/bench.classpath) \
 *     braid.bench.mail.ChartBench [CHARTS, default 1000]     # C1 only, as the launchers run braid report
 * </pre>
 */
public final class ChartBench {
    private ChartBench() {}

    public static void main(String[] args) throws Throwable {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        // braid.report.internal is exported to the command line only; the bench runs on the class path, where the
        // chart's class is reachable by name
        Class<?> chart = Class.forName("braid.report.internal.HourlyChart");
        MethodHandle draw = MethodHandles.publicLookup().findStatic(chart, "draw",
                MethodType.methodType(BufferedImage.class, List.class, Locale.class));
        MethodHandle encode = MethodHandles.publicLookup().findStatic(chart, "encode",
                MethodType.methodType(byte[].class, BufferedImage.class));
        int width = (int) chart.getField("WIDTH").get(null);
        int height = (int) chart.getField("HEIGHT").get(null);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Random random = new Random(5);
        long[] drawNs = new long[2];
        long[] encodeNs = new long[2];
        long[] encodeCpu = new long[2];
        long[] bytes = new long[2];
        long[] first = new long[2];
        for (int i = 0; i < 2 * n; i++) {
            int way = i % 2; // 0: braid's writer, 1: ImageIO's
            List<Long> hours = new ArrayList<>(24);
            for (int h = 0; h < 24; h++) hours.add((long) random.nextInt(20_000));
            Locale locale = i / 2 % 2 == 0 ? Locale.GERMANY : Locale.UK;
            long t0 = System.nanoTime();
            BufferedImage image = (BufferedImage) draw.invoke(hours, locale);
            long t1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            byte[] png;
            if (way == 0) {
                png = (byte[]) encode.invoke(image);
            } else {
                ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
                ImageIO.write(image, "png", out);
                png = out.toByteArray();
            }
            long t2 = System.nanoTime();
            long c2 = threads.getCurrentThreadCpuTime();
            long drawn = t1 - t0;
            long encoded = t2 - t1;
            if (i < 2) first[way] = encoded;
            drawNs[way] += drawn;
            encodeNs[way] += encoded;
            encodeCpu[way] += c2 - c1;
            bytes[way] += png.length;
        }
        String[] names = {"braid's PNG writer", "ImageIO.write"};
        System.out.printf("%d charts each, %d × %d px, alternating; %s%n", n, 2 * width, 2 * height,
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        for (int w = 0; w < 2; w++) {
            System.out.printf("%-20s first encoding %6.1f ms; then drawing %5.2f ms + encoding %5.2f ms (%5.2f CPU-ms) a chart; %5.1f KB%n",
                    names[w], first[w] / 1e6, drawNs[w] / 1e6 / n, encodeNs[w] / 1e6 / n, encodeCpu[w] / 1e6 / n, bytes[w] / 1024.0 / n);
        }
        System.out.printf("RESULT encoding: braid %.2f ms, ImageIO %.2f ms a chart (%.1fx); size %.1f KB against %.1f KB%n",
                encodeNs[0] / 1e6 / n, encodeNs[1] / 1e6 / n, (double) encodeNs[1] / encodeNs[0], bytes[0] / 1024.0 / n, bytes[1] / 1024.0 / n);
    }
}
