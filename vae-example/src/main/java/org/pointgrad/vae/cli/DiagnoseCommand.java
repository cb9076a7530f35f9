package org.pointgrad.vae.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pointgrad.vae.diagnostics.CollapseDiagnostics;
import org.pointgrad.vae.diagnostics.ModelDiagnosis;
import org.pointgrad.vae.model.PointCloudVae;
import org.pointgrad.vae.train.RunCheckpoint;
import org.pointgrad.vae.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pointvae diagnose}: gradient-flow and collapse report of a trained model. */
@Command(
        name = "diagnose",
        mixinStandardHelpOptions = true,
        description = "Gradient flow of every parameter on one training batch (sampling on and off) "
                + "and the posterior-collapse report.")
public final class DiagnoseCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--model", required = true, description = "Run folder written by `pointvae train`.")
    Path model;

    @Option(
            names = "--beta",
            defaultValue = "1e-3",
            description = "KL weight used for the diagnostic backward pass (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(
            names = "--shapes",
            defaultValue = "64",
            description = "Held-out shapes for the collapse report (default: ${DEFAULT-VALUE}).")
    int shapes;

    @Override
    public Integer call() throws IOException {
        common.apply();
        PointCloudVae vae = RunCheckpoint.loadModel(model);
        TrainingData d = DataOptions.forRun(model, null, 0);
        System.out.println(ModelDiagnosis.gradientFlow(vae, d, beta, common.seed));
        CollapseDiagnostics.Result r = CollapseDiagnostics.evaluate(vae, d.test(), d.testLabels(), d.points(), shapes);
        System.out.printf(
                Locale.ROOT,
                "collapse report on %d held-out shapes: KL total %.2f nats, active units %d/%d, "
                        + "specificity %.3f, family kept %.0f%%, reconstruction CD %.5f%n",
                Math.min(shapes, d.test().size()),
                r.totalKl(),
                r.activeUnits(),
                vae.config().latent(),
                r.specificity(),
                100 * r.familyKept(),
                r.reconstruction());
        StringBuilder kl = new StringBuilder("KL per dimension:");
        for (double v : r.klPerDim()) kl.append(String.format(Locale.ROOT, " %.3f", v));
        System.out.println(kl);
        String w = CollapseDiagnostics.collapseWarning(
                r, vae.config().latent(), vae.config().autoencoder());
        System.out.println(w == null ? "no sign of posterior collapse." : w);
        return 0;
    }
}
