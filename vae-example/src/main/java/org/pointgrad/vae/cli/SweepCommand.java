package org.pointgrad.vae.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pointgrad.nn.io.AtomicFiles;
import org.pointgrad.vae.eval.QualityReport;
import org.pointgrad.vae.model.VaeConfig;
import org.pointgrad.vae.report.Charts;
import org.pointgrad.vae.schedule.ScheduleSpecs;
import org.pointgrad.vae.train.EpochMetrics;
import org.pointgrad.vae.train.RunCheckpoint;
import org.pointgrad.vae.train.RunFolder;
import org.pointgrad.vae.train.RunLock;
import org.pointgrad.vae.train.RunPipeline;
import org.pointgrad.vae.train.TrainConfig;
import org.pointgrad.vae.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pointvae sweep}: one model per beta on the same data, seed and budget; the rate-distortion curve and a
 * table and page to choose beta by looking. Finished settings (their sweep.done marker) are not redone; an
 * interrupted setting resumes from its checkpoint.
 */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = "Rate-distortion sweep over beta: trains one run per value into OUT/beta_<b>/, "
                + "then draws rd_curve.png and sweep.html.")
public final class SweepCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    DataOptions dataOptions;

    @Option(
            names = "--betas",
            defaultValue = "1e-5,1e-4,1e-3,1e-2",
            split = ",",
            description = "KL weights (default: ${DEFAULT-VALUE}).")
    List<Double> betas;

    @Option(
            names = "--kl-schedule",
            defaultValue = "constant",
            description = "KL schedule for every run (default: ${DEFAULT-VALUE}).")
    String klSchedule;

    @Option(
            names = "--lr-schedule",
            defaultValue = TrainCommand.DEFAULT_LR_SCHEDULE,
            description = "Learning-rate schedule for every run: "
                    + "constant|cosine[:FLOOR[:START]]|step:E1,E2:F (default: ${DEFAULT-VALUE}).")
    String lrSchedule;

    @Option(
            names = "--lr",
            defaultValue = TrainCommand.DEFAULT_LR,
            description = "Adam learning rate for every run (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(
            names = "--batch",
            defaultValue = TrainCommand.DEFAULT_BATCH,
            description = "Clouds per step for every run (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--free-bits",
            defaultValue = "0",
            description = "Free bits for every run (default: ${DEFAULT-VALUE}).")
    double freeBits;

    @Option(
            names = "--minutes-each",
            defaultValue = "3",
            description = "Training minutes per setting (default: ${DEFAULT-VALUE}).")
    double minutesEach;

    @Option(
            names = "--epochs-each",
            defaultValue = "0",
            description = "Epochs per setting instead of minutes (exactly reproducible).")
    int epochsEach;

    @Option(names = "--latent", defaultValue = "32", description = "Latent size (default: ${DEFAULT-VALUE}).")
    int latent;

    @Option(
            names = "--eval-shapes",
            defaultValue = "64",
            description = "Held-out shapes for the figures (default: ${DEFAULT-VALUE}).")
    int evalShapes;

    @Option(names = "--out", required = true, description = "Sweep folder.")
    Path out;

    /** The options of {@code pointvae sweep} for each training setting. */
    private static final Map<String, String> SWEEP_FLAGS = Map.of(
            "points", "--points",
            "batch", "--batch",
            "lr", "--lr",
            "freeBits", "--free-bits",
            "epochs", "--epochs-each",
            "minutes", "--minutes-each",
            "evalShapes", "--eval-shapes");

    /** One finished setting. */
    record Point(double beta, double kl, double chamfer, QualityReport q) {}

    @Override
    public Integer call() throws IOException {
        common.apply();
        if (betas.isEmpty()) throw new IllegalArgumentException("--betas: give at least one value");
        for (double b : betas) {
            if (!(b >= 0) || Double.isInfinite(b))
                throw new IllegalArgumentException("--betas: every value must be a finite number >= 0, got " + b);
        }
        RunFolder.checkPath(out, "--out");
        try (RunLock lock = RunLock.acquire(out, "sweep")) {
            return sweep();
        }
    }

    private Integer sweep() throws IOException {
        TrainingData data = dataOptions.load(common.seed);
        Files.createDirectories(out);
        DataOptions.reportProblems(data, out, System.out);
        List<Point> points = new ArrayList<>();
        for (double beta : betas) {
            Path run = out.resolve(String.format(Locale.ROOT, "beta_%s", fmt(beta)));
            Path done = run.resolve("sweep.done");
            QualityReport q;
            double kl, cd;
            if (Files.exists(done)) {
                System.out.printf(Locale.ROOT, "beta %s: already done (%s), skipped%n", fmt(beta), run);
                double[] p = readDone(done);
                kl = p[0];
                cd = p[1];
                q = null;
            } else {
                System.out.printf(Locale.ROOT, "== beta %s -> %s%n", fmt(beta), run);
                RunPipeline.Outcome o;
                try (RunLock runLock = RunLock.acquire(run, "sweep");
                        StopOnInterrupt stop = new StopOnInterrupt()) {
                    RunFolder.removeStaleTemps(run);
                    dataOptions.writeRunProperties(run, common.seed);
                    TrainConfig cfg = TrainSettings.build(
                            TrainConfig.builder(run)
                                    .model(VaeConfig.defaults().withLatent(latent))
                                    .points(dataOptions.points)
                                    .batch(batch)
                                    .lr(lr)
                                    .lrSchedule(ScheduleSpecs.learningRate(lrSchedule))
                                    .beta(beta)
                                    .klSchedule(ScheduleSpecs.klWeight(klSchedule))
                                    .freeBits(freeBits)
                                    .epochs(epochsEach)
                                    .minutes(minutesEach)
                                    .seed(common.seed)
                                    .evalShapes(evalShapes),
                            SWEEP_FLAGS);
                    o = RunPipeline.run(cfg, data, RunCheckpoint.exists(run), evalShapes, System.out, stop::attach);
                }
                if (o.interrupted()) {
                    System.out.printf(
                            Locale.ROOT,
                            "sweep interrupted at beta %s (checkpoint in %s); run the same sweep command again to "
                                    + "continue: finished settings are skipped, this one resumes%n",
                            fmt(beta),
                            run);
                    return 130;
                }
                q = o.quality();
                EpochMetrics last = o.history().get(o.history().size() - 1);
                kl = last.klPerDim().length == 0 ? 0 : sum(last.klPerDim());
                cd = q.reconstruction();
                AtomicFiles.writeString(run.resolve("quality.txt"), q.table());
                // Last: its presence marks the setting finished.
                AtomicFiles.writeString(done, kl + "," + cd + "\n");
            }
            points.add(new Point(beta, kl, cd, q));
        }
        double[] x = new double[points.size()], y = new double[points.size()];
        String[] labels = new String[points.size()];
        for (int i = 0; i < points.size(); i++) {
            x[i] = Math.max(points.get(i).kl(), 1e-3);
            y[i] = points.get(i).chamfer();
            labels[i] = "beta " + fmt(points.get(i).beta());
        }
        Charts.labelledCurve(
                out.resolve("rd_curve.png"),
                "Rate-distortion: one point per beta",
                "rate: KL (nats, held-out)",
                "distortion: reconstruction Chamfer",
                x,
                y,
                labels,
                true,
                true);
        StringBuilder table = new StringBuilder(String.format(
                Locale.ROOT,
                "%-10s %10s %12s %12s %8s %14s %14s%n",
                "beta",
                "KL",
                "Chamfer",
                "specificity",
                "active",
                "COV-CD (gmm)",
                "1-NNA (gmm)"));
        for (Point p : points) {
            QualityReport q = p.q() != null ? p.q() : null;
            String quality = readQuality(out.resolve(String.format(Locale.ROOT, "beta_%s", fmt(p.beta()))));
            table.append(String.format(
                    Locale.ROOT,
                    "%-10s %10.2f %12.5f %s%n",
                    fmt(p.beta()),
                    p.kl(),
                    p.chamfer(),
                    q != null ? row(q) : quality));
        }
        System.out.print(table);
        AtomicFiles.writeString(out.resolve("sweep.txt"), table.toString());
        writeHtml(out, points, table.toString());
        System.out.println("wrote " + out.resolve("rd_curve.png") + " and " + out.resolve("sweep.html"));
        return 0;
    }

    /** Reads a sweep.done marker strictly: {@code KL,CHAMFER} as written, two finite numbers. */
    static double[] readDone(Path done) throws IOException {
        String text = Files.readString(done, StandardCharsets.UTF_8);
        String[] p = text.endsWith("\n") ? text.substring(0, text.length() - 1).split(",", -1) : new String[0];
        try {
            if (p.length == 2) {
                double kl = Double.parseDouble(p[0]), cd = Double.parseDouble(p[1]);
                if (Double.toString(kl).equals(p[0])
                        && Double.toString(cd).equals(p[1])
                        && Double.isFinite(kl)
                        && Double.isFinite(cd)) {
                    return new double[] {kl, cd};
                }
            }
        } catch (NumberFormatException ignored) {
            // Reported below.
        }
        String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        throw new IOException(done + ": damaged marker (expected 'KL,CHAMFER' as two numbers on one line, got '"
                + shown.strip() + "'); delete it to train this setting again");
    }

    private static String row(QualityReport q) {
        QualityReport.SampleScores g = q.samples()
                .getOrDefault("gmm:" + RunPipeline.GMM_COMPONENTS, q.samples().get("standard"));
        return String.format(
                Locale.ROOT,
                "%12.3f %5d/%-2d %13.1f%% %13.1f%%",
                q.specificity(),
                q.activeUnits(),
                q.latent(),
                100 * g.coverage(),
                100 * g.oneNna());
    }

    private static String readQuality(Path run) throws IOException {
        Path f = run.resolve("quality.txt");
        return Files.exists(f) ? "(see " + f + ")" : "";
    }

    private static void writeHtml(Path dir, List<Point> points, String table) throws IOException {
        StringBuilder h = new StringBuilder(
                        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>pointvae beta sweep</title>")
                .append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}")
                .append("img{max-width:100%;border:1px solid #ddd}pre{background:#f6f6f6;padding:1em}")
                .append("</style></head><body>\n")
                .append("<h1>Rate-distortion sweep</h1>\n<p>Each point is one model trained with the "
                        + "same data, seed and budget. Left and up: ")
                .append("little information in z (high beta), blurry reconstructions that drift toward "
                        + "one mean shape. Right and down: ")
                .append("sharp reconstructions, but codes that fill the prior less, so samples from "
                        + "N(0, I) get worse; the ex-post prior (gmm) repairs much of that.</p>\n")
                .append("<img src=\"rd_curve.png\" alt=\"rate-distortion curve\">\n<pre>")
                .append(table.replace("<", "&lt;"))
                .append("</pre>\n");
        for (Point p : points) {
            String run = String.format(Locale.ROOT, "beta_%s", fmt(p.beta()));
            h.append("<h2>beta ")
                    .append(fmt(p.beta()))
                    .append("</h2>\n")
                    .append("<img src=\"")
                    .append(run)
                    .append("/reconstructions.png\" alt=\"reconstructions\">\n")
                    .append("<img src=\"")
                    .append(run)
                    .append("/samples_gmm_")
                    .append(RunPipeline.GMM_COMPONENTS)
                    .append(".png\" alt=\"samples (gmm prior)\">\n")
                    .append("<img src=\"")
                    .append(run)
                    .append("/samples_standard.png\" alt=\"samples (standard prior)\">\n");
        }
        h.append("</body></html>\n");
        AtomicFiles.writeString(dir.resolve("sweep.html"), h.toString());
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double d : v) s += d;
        return s;
    }

    static String fmt(double v) {
        String s = String.format(Locale.ROOT, "%.0e", v)
                .replace("e-0", "e-")
                .replace("e+0", "e+")
                .replace("e+", "e");
        return s;
    }
}
