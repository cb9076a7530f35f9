package org.pointgrad.vae.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.data.Resampling;
import org.pointgrad.pointcloud.io.ShapeFiles;
import org.pointgrad.pointcloud.transform.Normalization;

/** File helpers shared by the commands. */
final class CliSupport {
    private CliSupport() {}

    /**
     * Reads any supported shape file as a cloud of exactly {@code points} points (meshes are surface-sampled, larger
     * clouds subsampled, smaller ones resampled with repetition), normalized to the unit ball as in training.
     */
    static PointCloud loadCloud(Path file, int points, long seed) throws IOException {
        if (!Files.isRegularFile(file)) throw new java.io.FileNotFoundException(file + ": no such file");
        SplittableRandom rng = new SplittableRandom(seed ^ file.toString().hashCode());
        PointCloud pc = ShapeFiles.readPointCloud(file, points, rng);
        if (pc.size() == 0) throw new IOException(file + ": contains no points");
        if (pc.size() != points) pc = Resampling.toCount(pc, points, rng);
        return Normalization.UNIT_BALL.apply(pc);
    }

    static String baseName(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
