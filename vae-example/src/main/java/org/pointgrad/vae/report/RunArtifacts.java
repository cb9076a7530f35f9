package org.pointgrad.vae.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.render.Renderings;
import org.pointgrad.pointcloud.render.View;
import org.pointgrad.pointcloud.transform.AxisConvention;
import org.pointgrad.vae.eval.Evaluation;
import org.pointgrad.vae.eval.LatentPrior;
import org.pointgrad.vae.eval.QualityReport;
import org.pointgrad.vae.model.PointCloudVae;
import org.pointgrad.vae.train.EpochMetrics;
import org.pointgrad.vae.train.TrainingData;

/** The pictures and the one-page HTML report of a run folder. */
public final class RunArtifacts {
    private RunArtifacts() {}

    /**
     * Writes every picture and report.html into {@code dir}; returns the file names written. The shapes are drawn
     * in the axis convention the run folder records ({@link RunAxes}).
     */
    public static List<String> write(
            Path dir,
            PointCloudVae model,
            TrainingData data,
            List<EpochMetrics> history,
            QualityReport quality,
            List<LatentPrior> priors,
            long seed,
            String runSummary)
            throws IOException {
        AxisConvention axes = RunAxes.read(dir);
        List<String> files = new ArrayList<>();
        int points = data.points();
        if (!history.isEmpty()) {
            Charts.lossCurves(dir.resolve("loss.png"), history, "Training curves");
            files.add("loss.png");
            Charts.klPerDimension(
                    dir.resolve("kl_per_dim.png"),
                    history.get(history.size() - 1).klPerDim(),
                    "KL per latent dimension (held-out, last epoch)");
            files.add("kl_per_dim.png");
        }
        reconstructions(dir.resolve("reconstructions.png"), model, data, axes);
        files.add("reconstructions.png");
        for (LatentPrior prior : priors) {
            String name = "samples_" + prior.name().replace(':', '_') + ".png";
            List<float[]> s = Evaluation.sample(model, prior, 12, points, seed + 17);
            List<PointCloud> clouds = new ArrayList<>();
            List<String> captions = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) {
                clouds.add(new PointCloud(s.get(i)));
                captions.add("sample " + (i + 1));
            }
            Renderings.grid(
                            clouds,
                            captions,
                            6,
                            View.THREE_QUARTER,
                            200,
                            "Random samples, z ~ " + prior.name() + " prior")
                    .axes(axes)
                    .writePng(dir.resolve(name));
            files.add(name);
        }
        interpolation(dir.resolve("interpolation.png"), model, data, 8, axes);
        files.add("interpolation.png");
        writeHtml(
                dir.resolve("report.html"),
                files,
                history,
                quality,
                runSummary + "\npictures drawn with " + axes.describe());
        files.add("report.html");
        return files;
    }

    /** Two held-out inputs per label above their reconstructions (z = mu), drawn in the data's {@code axes}. */
    public static void reconstructions(Path png, PointCloudVae model, TrainingData data, AxisConvention axes)
            throws IOException {
        Map<String, List<Integer>> byLabel = new LinkedHashMap<>();
        for (int i = 0; i < data.test().size(); i++) {
            List<Integer> l = byLabel.computeIfAbsent(data.testLabels().get(i), k -> new ArrayList<>());
            if (l.size() < 2) l.add(i);
        }
        List<Integer> pick = new ArrayList<>();
        for (List<Integer> l : byLabel.values()) pick.addAll(l);
        if (pick.size() > 12) pick = pick.subList(0, 12);
        int[] idx = pick.stream().mapToInt(Integer::intValue).toArray();
        Tensor x = TrainingData.batch(data.test(), idx, data.points());
        List<PointCloud> rec = TrainingData.unpack(model.reconstruct(x, data.points()));
        List<PointCloud> in = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (int i : idx) {
            in.add(new PointCloud(data.test().get(i)));
            captions.add(data.testLabels().get(i));
        }
        Renderings.pairsGrid(
                        in,
                        rec,
                        captions,
                        Math.min(8, idx.length),
                        View.THREE_QUARTER,
                        200,
                        "Held-out inputs (blue) and reconstructions (red)")
                .axes(axes)
                .writePng(png);
    }

    /** Decodes a straight line in latent space between two held-out shapes of different labels. */
    public static void interpolation(Path png, PointCloudVae model, TrainingData data, int steps, AxisConvention axes)
            throws IOException {
        int a = 0, b = 1;
        for (int i = 1; i < data.test().size(); i++) {
            if (!data.testLabels().get(i).equals(data.testLabels().get(0))) {
                b = i;
                break;
            }
        }
        interpolate(
                png,
                model,
                data.test().get(a),
                data.test().get(b),
                data.points(),
                steps,
                data.testLabels().get(a) + " to " + data.testLabels().get(b),
                axes);
    }

    /**
     * Writes the decoded interpolation between two normalized clouds (each of {@code points} points, in the
     * convention {@code axes}) and returns the decoded clouds, in the normalized frame.
     */
    public static List<PointCloud> interpolate(
            Path png,
            PointCloudVae model,
            float[] from,
            float[] to,
            int points,
            int steps,
            String what,
            AxisConvention axes)
            throws IOException {
        float[] both = new float[2 * points * 3];
        System.arraycopy(from, 0, both, 0, points * 3);
        System.arraycopy(to, 0, both, points * 3, points * 3);
        Tensor mu = model.encode(Tensor.wrap(both, 2, points, 3)).mu();
        int z = model.config().latent();
        double[] m = mu.toDoubleArray();
        double[] codes = new double[steps * z];
        for (int s = 0; s < steps; s++) {
            double t = steps == 1 ? 0 : (double) s / (steps - 1);
            for (int d = 0; d < z; d++) codes[s * z + d] = (1 - t) * m[d] + t * m[z + d];
        }
        List<PointCloud> clouds = TrainingData.unpack(
                model.decode(Tensor.of(codes, steps, z).to(model.config().dtype()), points));
        List<String> captions = new ArrayList<>();
        for (int s = 0; s < steps; s++)
            captions.add(String.format(Locale.ROOT, "t = %.2f", steps == 1 ? 0 : (double) s / (steps - 1)));
        Renderings.grid(clouds, captions, steps, View.THREE_QUARTER, 180, "Latent interpolation: " + what)
                .axes(axes)
                .writePng(png);
        return clouds;
    }

    private static void writeHtml(
            Path file, List<String> images, List<EpochMetrics> history, QualityReport q, String summary)
            throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>pointvae run report</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}")
                .append("img{max-width:100%;border:1px solid #ddd;margin:.5em 0}")
                .append("pre{background:#f6f6f6;padding:1em;overflow-x:auto}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}</style>")
                .append("</head><body>\n<h1>pointvae run report</h1>\n<pre>")
                .append(escape(summary))
                .append("</pre>\n");
        if (q != null)
            h.append("<h2>Quality on the held-out split</h2>\n<pre>")
                    .append(escape(q.table()))
                    .append("</pre>\n");
        if (!history.isEmpty()) {
            h.append("<h2>Per-epoch diagnostics</h2>\n<table><tr><th>epoch</th>")
                    .append("<th>train CD</th><th>KL</th><th>beta</th><th>held-out CD</th>")
                    .append("<th>specificity</th><th>active units</th><th>family kept</th><th>heads</th></tr>\n");
            int stride = Math.max(1, history.size() / 25);
            for (int i = 0; i < history.size(); i++) {
                if (i % stride != 0 && i != history.size() - 1) continue;
                EpochMetrics m = history.get(i);
                h.append(String.format(
                        Locale.ROOT,
                        "<tr><td>%d</td><td>%.5f</td><td>%.2f</td><td>%.1e</td><td>%.5f</td><td>%.3f</td>"
                                + "<td>%d</td><td>%.0f%%</td><td>%s</td></tr>%n",
                        m.epoch(),
                        m.trainChamfer(),
                        m.trainKl(),
                        m.beta(),
                        m.testChamfer(),
                        m.specificity(),
                        m.activeUnits(),
                        100 * m.familyKept(),
                        escape(m.headFlags())));
            }
            h.append("</table>\n");
        }
        for (String img : images) {
            h.append("<h2>")
                    .append(escape(img))
                    .append("</h2>\n<img src=\"")
                    .append(img)
                    .append("\" alt=\"")
                    .append(img)
                    .append("\">\n");
        }
        h.append("</body></html>\n");
        OutputFiles.writeText(file, h.toString());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
