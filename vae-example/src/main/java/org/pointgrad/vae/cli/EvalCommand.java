package org.pointgrad.vae.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pointgrad.vae.eval.Evaluation;
import org.pointgrad.vae.eval.Priors;
import org.pointgrad.vae.eval.QualityReport;
import org.pointgrad.vae.model.PointCloudVae;
import org.pointgrad.vae.report.OutputFiles;
import org.pointgrad.vae.train.RunCheckpoint;
import org.pointgrad.vae.train.RunLock;
import org.pointgrad.vae.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pointvae eval}: the quality figures of a trained model on held-out data. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Reconstruction CD, specificity, family kept, active units, line probe, and "
                + "MMD/COV/1-NNA of samples; writes eval.json.")
public final class EvalCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--model", required = true, description = "Run folder written by `pointvae train`.")
    Path model;

    @Option(
            names = "--data",
            description = "A prepared dataset or a collection of shape files to evaluate on "
                    + "(default: the run's own held-out split).")
    Path data;

    @Option(
            names = "--shapes",
            defaultValue = "128",
            description = "Held-out shapes used, and samples drawn (default: ${DEFAULT-VALUE}).")
    int shapes;

    @Option(
            names = "--points",
            defaultValue = "0",
            description = "Points per input cloud and per reconstruction or sample: fewer points raise every Chamfer "
                    + "figure by sampling noise alone (default: the run's --points).")
    int points;

    @Option(names = "--out", description = "Where to write eval.json (default: the run folder).")
    Path out;

    @Override
    public Integer call() throws IOException {
        common.apply();
        if (out != null) CliSupport.checkOutputFolder(out);
        PointCloudVae vae = RunCheckpoint.loadModel(model);
        // eval.json goes into the run unless --out says otherwise: no training may write the run meanwhile.
        try (RunLock lock = out == null ? RunLock.acquire(model, "eval") : null) {
            return evaluate(vae);
        }
    }

    private Integer evaluate(PointCloudVae vae) throws IOException {
        if (points < 0) throw new IllegalArgumentException("--points must be >= 1, got " + points);
        TrainingData d = DataOptions.forRun(model, data, points);
        DataOptions.printProblems(d, System.out);
        QualityReport q = Evaluation.evaluate(vae, d, Priors.all(model), shapes, common.seed + 99);
        System.out.println("held-out data: " + d.source() + ", "
                + Math.min(shapes, d.test().size()) + " shapes of " + d.points() + " points");
        System.out.print(q.table());
        Path target = CliSupport.outputFolder(out == null ? model : out).resolve("eval.json");
        OutputFiles.writeText(target, q.toJson());
        System.out.println("wrote " + target);
        return 0;
    }
}
