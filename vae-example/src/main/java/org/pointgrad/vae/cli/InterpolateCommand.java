package org.pointgrad.vae.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.transform.AxisConvention;
import org.pointgrad.vae.model.PointCloudVae;
import org.pointgrad.vae.report.OutputFiles;
import org.pointgrad.vae.report.RunArtifacts;
import org.pointgrad.vae.train.RunCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pointvae interpolate}: decodes the straight line between two shapes' latent means. */
@Command(
        name = "interpolate",
        mixinStandardHelpOptions = true,
        description = "Interpolate in latent space between two shape files; writes PLY files (from the first input's "
                + "frame to the second's; --normalized: the unit ball) and interpolation.png.")
public final class InterpolateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    AxesOptions axes;

    @Option(names = "--model", required = true, description = "Run folder written by `pointvae train`.")
    Path model;

    @Option(
            names = "--steps",
            defaultValue = "8",
            description = "Number of steps including both ends (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--points", defaultValue = "1024", description = "Points per cloud (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(
            names = "--normalized",
            description = "Write the PLY files in the normalized frame (unit ball) instead of "
                    + "moving them from the first input's frame to the second's.")
    boolean normalized;

    @Parameters(index = "0", description = "First shape file.")
    Path a;

    @Parameters(index = "1", description = "Second shape file.")
    Path b;

    @Override
    public Integer call() throws IOException {
        common.apply();
        CliSupport.checkOutputFolder(out);
        AxisConvention pictureAxes = axes.forRun(model);
        if (steps < 2) throw new IllegalArgumentException("--steps must be >= 2, got " + steps);
        PointCloudVae vae = RunCheckpoint.loadModel(model);
        CliSupport.Shape sa = CliSupport.loadShape(a, points, common.seed);
        CliSupport.Shape sb = CliSupport.loadShape(b, points, common.seed);
        CliSupport.outputFolder(out);
        List<PointCloud> clouds = RunArtifacts.interpolate(
                out.resolve("interpolation.png"),
                vae,
                sa.cloud().xyz(),
                sb.cloud().xyz(),
                points,
                steps,
                CliSupport.baseName(a) + " to " + CliSupport.baseName(b),
                pictureAxes);
        for (int i = 0; i < clouds.size(); i++) {
            double t = (double) i / (steps - 1);
            PointCloud c = normalized
                    ? clouds.get(i)
                    : sa.frame().towards(sb.frame(), t).toOriginal(clouds.get(i));
            OutputFiles.writePly(out.resolve(String.format("step_%02d.ply", i)), c);
        }
        String frame = normalized
                ? "normalized (unit ball)"
                : "the first input's at step 0, the second's at the last "
                        + "step, centre and size moving linearly between them (--normalized for the unit ball)";
        System.out.println("wrote " + clouds.size() + " PLY files and " + out.resolve("interpolation.png")
                + " (drawn with " + pictureAxes.describe() + "); frame: " + frame);
        return 0;
    }
}
