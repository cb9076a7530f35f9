package org.pointgrad.vae.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardXYItemLabelGenerator;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.pointgrad.vae.train.EpochMetrics;

/** PNG charts of a run, drawn with JFreeChart (headless). */
public final class Charts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** Chamfer (train and held-out, log scale), KL and specificity/active units against epoch, stacked. */
    public static void lossCurves(Path png, List<EpochMetrics> history, String title) throws IOException {
        XYSeries trainCd = new XYSeries("train Chamfer"), testCd = new XYSeries("held-out Chamfer (z = mu)");
        XYSeries kl = new XYSeries("KL (nats)"),
                spec = new XYSeries("specificity"),
                active = new XYSeries("active units / Z");
        for (EpochMetrics m : history) {
            double e = m.epoch() + 1;
            if (m.trainChamfer() > 0) trainCd.add(e, m.trainChamfer());
            if (m.testChamfer() > 0) testCd.add(e, m.testChamfer());
            kl.add(e, m.trainKl());
            spec.add(e, m.specificity());
            active.add(e, (double) m.activeUnits() / Math.max(1, m.klPerDim().length));
        }
        NumberAxis epochAxis = new NumberAxis("epoch");
        epochAxis.setAutoRangeIncludesZero(false);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochAxis);
        plot.add(
                subplot(
                        new XYSeriesCollection() {
                            {
                                addSeries(trainCd);
                                addSeries(testCd);
                            }
                        },
                        logAxis("Chamfer")),
                3);
        plot.add(subplot(new XYSeriesCollection(kl), new NumberAxis("KL")), 2);
        NumberAxis unit = new NumberAxis("fraction");
        unit.setRange(0, 1.05);
        plot.add(
                subplot(
                        new XYSeriesCollection() {
                            {
                                addSeries(spec);
                                addSeries(active);
                            }
                        },
                        unit),
                2);
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 14), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        savePng(png, chart, 900, 720);
    }

    /** KL per latent dimension as bars, sorted by dimension index. */
    public static void klPerDimension(Path png, double[] klPerDim, String title) throws IOException {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        for (int d = 0; d < klPerDim.length; d++) ds.addValue(klPerDim[d], "KL", Integer.toString(d));
        JFreeChart chart = ChartFactory.createBarChart(
                title, "latent dimension", "KL (nats)", ds, PlotOrientation.VERTICAL, false, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        ((BarRenderer) chart.getCategoryPlot().getRenderer()).setSeriesPaint(0, new Color(40, 90, 160));
        chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
        chart.getCategoryPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
        savePng(png, chart, 900, 400);
    }

    /** A labelled scatter/line of (x, y) points, e.g. the rate-distortion curve. */
    public static void labelledCurve(
            Path png,
            String title,
            String xLabel,
            String yLabel,
            double[] x,
            double[] y,
            String[] labels,
            boolean logX,
            boolean logY)
            throws IOException {
        XYSeries s = new XYSeries("settings", false);
        for (int i = 0; i < x.length; i++) s.add(x[i], y[i]);
        XYSeriesCollection ds = new XYSeriesCollection(s);
        NumberAxis xa = logX ? logAxis(xLabel) : new NumberAxis(xLabel);
        NumberAxis ya = logY ? logAxis(yLabel) : new NumberAxis(yLabel);
        xa.setAutoRangeIncludesZero(false);
        ya.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setSeriesPaint(0, new Color(40, 90, 160));
        r.setSeriesStroke(0, new BasicStroke(2f));
        r.setDefaultItemLabelGenerator(new StandardXYItemLabelGenerator() {
            @Override
            public String generateLabel(XYDataset dataset, int series, int item) {
                return labels[item];
            }
        });
        r.setDefaultItemLabelsVisible(true);
        XYPlot plot = new XYPlot(ds, xa, ya, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 14), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        savePng(png, chart, 800, 560);
    }

    /** Written atomically: a stop or a full disk mid-write leaves the previous picture (or none), never a torn one. */
    private static void savePng(Path png, JFreeChart chart, int width, int height) throws IOException {
        OutputFiles.writeStream(png, out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
    }

    private static NumberAxis logAxis(String label) {
        LogarithmicAxis a = new LogarithmicAxis(label);
        a.setAllowNegativesFlag(false);
        a.setStrictValuesFlag(false);
        a.setAutoRangeNextLogFlag(true);
        return a;
    }

    private static XYPlot subplot(XYSeriesCollection data, NumberAxis axis) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, data.getItemCount(0) < 40);
        Color[] colors = {new Color(40, 90, 160), new Color(190, 60, 40), new Color(40, 140, 70)};
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesPaint(i, colors[i % colors.length]);
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot p = new XYPlot(data, null, axis, r);
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return p;
    }
}
