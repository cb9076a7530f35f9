package org.pointgrad.vae.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.io.ShapeFiles;
import org.pointgrad.pointcloud.io.ShapeFormat;
import org.pointgrad.vae.model.PointCloudVae;
import org.pointgrad.vae.report.RunArtifacts;
import org.pointgrad.vae.train.RunCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pointvae interpolate}: decodes the straight line between two shapes' latent means. */
@Command(name = "interpolate", mixinStandardHelpOptions = true, description = "Interpolate in latent space between two shape files; writes PLY files and interpolation.png.")
public final class InterpolateCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--model", required = true, description = "Run folder written by `pointvae train`.") Path model;
    @Option(names = "--steps", defaultValue = "8", description = "Number of steps including both ends (default: ${DEFAULT-VALUE}).") int steps;
    @Option(names = "--out", required = true, description = "Output folder.") Path out;
    @Option(names = "--points", defaultValue = "1024", description = "Points per cloud (default: ${DEFAULT-VALUE}).") int points;
    @Parameters(index = "0", description = "First shape file.") Path a;
    @Parameters(index = "1", description = "Second shape file.") Path b;

    @Override
    public Integer call() throws IOException {
        common.apply();
        if (steps < 2) throw new IllegalArgumentException("--steps must be >= 2, got " + steps);
        PointCloudVae vae = RunCheckpoint.loadModel(model);
        PointCloud ca = CliSupport.loadCloud(a, points, common.seed), cb = CliSupport.loadCloud(b, points, common.seed);
        Files.createDirectories(out);
        List<PointCloud> clouds = RunArtifacts.interpolate(out.resolve("interpolation.png"), vae, ca.xyz(), cb.xyz(), points, steps,
                CliSupport.baseName(a) + " to " + CliSupport.baseName(b));
        for (int i = 0; i < clouds.size(); i++) {
            ShapeFiles.write(out.resolve(String.format("step_%02d.ply", i)), clouds.get(i), ShapeFormat.PLY);
        }
        System.out.println("wrote " + clouds.size() + " PLY files and " + out.resolve("interpolation.png"));
        return 0;
    }
}
