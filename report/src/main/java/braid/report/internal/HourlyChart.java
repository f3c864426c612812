package braid.report.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The chart of a day's requests per hour for the client's e-mail: a PNG drawn headless with JFreeChart, 1088 × 360 px
 * to be shown at 544 × 180 (sharp on high-density screens). Stateless and thread-safe.
 */
public final class HourlyChart {
    /** Shown width and height in the e-mail, in CSS pixels; the PNG has twice as many. */
    public static final int WIDTH = 544;
    public static final int HEIGHT = 180;

    static {
        // No display on a server: AWT must not look for one.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private HourlyChart() {}

    /** The PNG of 24 hourly counts, hours labelled 0–23, numbers in {@code locale}'s format. */
    public static byte[] png(List<Long> perHour, Locale locale) {
        return encode(draw(perHour, locale));
    }

    /** The PNG of a chart {@link #draw} made (public for the benchmark, which compares it with ImageIO's writer). */
    public static byte[] encode(BufferedImage chart) {
        return Png.rgb(chart);
    }

    /** The chart {@link #png} encodes: an opaque RGB image of twice the shown size (public for the benchmark). */
    public static BufferedImage draw(List<Long> perHour, Locale locale) {
        if (perHour.size() != 24) throw new IllegalArgumentException("24 hours expected, got " + perHour.size());
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int h = 0; h < 24; h++) data.addValue(perHour.get(h), "requests", Integer.toString(h));
        CategoryAxis hours = new CategoryAxis();
        hours.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 20));
        hours.setTickLabelPaint(new Color(0x52606d));
        hours.setCategoryMargin(0.25);
        hours.setLowerMargin(0.01);
        hours.setUpperMargin(0.01);
        hours.setAxisLineVisible(false);
        hours.setTickMarksVisible(false);
        NumberAxis counts = new NumberAxis();
        counts.setNumberFormatOverride(NumberFormat.getIntegerInstance(locale));
        counts.setStandardTickUnits(NumberAxis.createIntegerTickUnits(locale));
        counts.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 20));
        counts.setTickLabelPaint(new Color(0x52606d));
        counts.setAxisLineVisible(false);
        counts.setTickMarksVisible(false);
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        bars.setSeriesPaint(0, new Color(0x1d4e89));
        CategoryPlot plot = new CategoryPlot(data, hours, counts, bars);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinePaint(new Color(0xe4e7eb));
        plot.setRangeGridlineStroke(new BasicStroke(2f));
        JFreeChart chart = new JFreeChart(null, null, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        // RGB, not JFreeChart's default ARGB: the chart is opaque (white background), and without an alpha channel the
        // PNG has three bytes a pixel to compress instead of four
        BufferedImage image = new BufferedImage(2 * WIDTH, 2 * HEIGHT, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        try {
            chart.draw(g, new java.awt.geom.Rectangle2D.Double(0, 0, 2 * WIDTH, 2 * HEIGHT), null, null);
        } finally {
            g.dispose();
        }
        return image;
    }
}
