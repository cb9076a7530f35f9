package org.pointgrad.vae.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.render.Renderings;
import org.pointgrad.pointcloud.render.View;
import org.pointgrad.pointcloud.transform.AxisConvention;
import org.pointgrad.vae.eval.Evaluation;
import org.pointgrad.vae.eval.LatentPrior;
import org.pointgrad.vae.eval.Priors;
import org.pointgrad.vae.model.PointCloudVae;
import org.pointgrad.vae.report.OutputFiles;
import org.pointgrad.vae.train.RunCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pointvae sample}: decodes random latent codes. */
@Command(
        name = "sample",
        mixinStandardHelpOptions = true,
        description = "Decode random latent codes; writes PLY files (in the normalized frame, the unit ball) and "
                + "samples.png.")
public final class SampleCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    AxesOptions axes;

    @Option(names = "--model", required = true, description = "Run folder written by `pointvae train`.")
    Path model;

    @Option(names = "--count", defaultValue = "12", description = "Number of samples (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--points", defaultValue = "1024", description = "Points per sample (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(
            names = "--prior",
            defaultValue = "auto",
            description = "standard (N(0,I)), gaussian, gmm or gmm:K (ex-post priors fitted to the run); "
                    + "auto = the fitted mixture (gmm) when the run has it, else gaussian, else "
                    + "standard (default: ${DEFAULT-VALUE}).")
    String prior;

    @Override
    public Integer call() throws IOException {
        common.apply();
        CliSupport.checkOutputFolder(out);
        AxisConvention pictureAxes = axes.forRun(model);
        if (count < 1) throw new IllegalArgumentException("--count must be >= 1, got " + count);
        PointCloudVae vae = RunCheckpoint.loadModel(model);
        LatentPrior p = prior.equalsIgnoreCase("auto")
                // The mixture is the prior whose samples met the README's COV/1-NNA targets on the default run.
                ? Priors.forRun(
                        model,
                        Files.exists(model.resolve(Priors.GMM_FILE))
                                ? "gmm"
                                : Files.exists(model.resolve(Priors.GAUSSIAN_FILE)) ? "gaussian" : "standard")
                : Priors.forRun(model, prior);
        List<float[]> s = Evaluation.sample(vae, p, count, points, common.seed);
        CliSupport.outputFolder(out);
        List<PointCloud> clouds = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            PointCloud pc = new PointCloud(s.get(i));
            clouds.add(pc);
            captions.add("sample " + (i + 1));
            OutputFiles.writePly(out.resolve(String.format("sample_%03d.ply", i + 1)), pc);
        }
        Renderings.grid(
                        clouds,
                        captions,
                        Math.min(6, count),
                        View.THREE_QUARTER,
                        200,
                        "Samples, z ~ " + p.name() + " prior")
                .axes(pictureAxes)
                .writePng(out.resolve("samples.png"));
        // A sample comes from no input file, so there is no other frame to put it in.
        System.out.println("wrote " + count + " PLY files (normalized frame: unit ball) and "
                + out.resolve("samples.png")
                + " (drawn with " + pictureAxes.describe() + ")");
        return 0;
    }
}
