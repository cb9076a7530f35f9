package org.pointgrad.vae.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.io.ShapeFiles;
import org.pointgrad.pointcloud.metrics.ChamferMatrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pointvae chamfer A B}: prints the Chamfer distance between two shape files. */
@Command(
        name = "chamfer",
        mixinStandardHelpOptions = true,
        description = "Print the Chamfer distance (mean squared nearest-neighbour distance in both "
                + "directions, summed) between two files, as they are.")
public final class ChamferCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(
            names = "--points",
            defaultValue = "10000",
            description = "Surface samples for meshes (default: ${DEFAULT-VALUE}).")
    int points;

    @Parameters(index = "0")
    Path a;

    @Parameters(index = "1")
    Path b;

    @Override
    public Integer call() throws IOException {
        common.apply();
        PointCloud ca =
                ShapeFiles.readPointCloud(CliSupport.requireInputFile(a), points, new SplittableRandom(common.seed));
        PointCloud cb = ShapeFiles.readPointCloud(
                CliSupport.requireInputFile(b), points, new SplittableRandom(common.seed + 1));
        if (ca.size() == 0 || cb.size() == 0) throw new IOException((ca.size() == 0 ? a : b) + ": contains no points");
        System.out.printf(Locale.ROOT, "%.8g%n", ChamferMatrix.distance(ca.xyz(), cb.xyz(), 3));
        return 0;
    }
}
