package org.pointgrad.pointcloud.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.random.RandomGenerator;
import org.pointgrad.pointcloud.MeshSampler;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.io.ShapeData;
import org.pointgrad.pointcloud.io.ShapeFiles;

/** Turns one shape file's content into a cloud of an exact point count, in the file's own frame. */
final class ShapeLoader {
    /**
     * @param cloud   exactly the requested number of points (normals when asked for and the file is a mesh)
     * @param problem why the shape is degenerate ({@link CloudChecks}), or null
     */
    record Loaded(PointCloud cloud, String problem) {}

    /** Files larger than this cannot be held in one Java array. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 16;

    private ShapeLoader() {}

    /** A file's bytes, refusing files too large for one array instead of failing with OutOfMemoryError. */
    static byte[] readBytes(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES)
            throw new IOException(file + ": file is " + size + " bytes; at most " + MAX_BYTES + " bytes are supported");
        return Files.readAllBytes(file);
    }

    /**
     * Samples a mesh on its surface (a mesh without area gives its vertices, flagged as a problem) or subsamples
     * or pads a point file; {@code content} is the file's bytes, {@code file} names it in messages.
     */
    static Loaded load(Path file, byte[] content, int points, RandomGenerator rng, boolean normals) throws IOException {
        ShapeData data = ShapeFiles.parse(content, file);
        PointCloud raw;
        String problem = null;
        if (data.isMesh() && data.mesh().area() > 0) {
            raw = MeshSampler.sample(data.mesh(), points, rng, normals);
        } else {
            raw = data.toPointCloud(points, rng);
            if (data.isMesh()) problem = "mesh of " + data.mesh().triangleCount() + " triangles has zero surface area";
        }
        if (raw.size() == 0) throw new IOException(file + ": contains no points");
        PointCloud cloud = raw.size() == points ? raw : Resampling.toCount(raw, points, rng);
        return new Loaded(cloud, problem != null ? problem : CloudChecks.problem(cloud));
    }
}
