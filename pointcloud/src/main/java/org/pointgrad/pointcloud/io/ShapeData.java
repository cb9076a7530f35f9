package org.pointgrad.pointcloud.io;

import java.nio.file.Path;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.pointgrad.pointcloud.Mesh;
import org.pointgrad.pointcloud.MeshSampler;
import org.pointgrad.pointcloud.PointCloud;

/**
 * What a shape file contained: exactly one of a mesh or a point cloud, plus the detected format.
 *
 * @param file   the source file (null when parsed from memory)
 * @param format the detected format
 * @param mesh   the mesh, or null when the file held only points
 * @param points the point cloud, or null when the file held a mesh
 */
public record ShapeData(Path file, ShapeFormat format, Mesh mesh, PointCloud points) {

    /** Checks that exactly one of mesh and points is present. */
    public ShapeData {
        Objects.requireNonNull(format, "format");
        if ((mesh == null) == (points == null)) {
            throw new IllegalArgumentException("ShapeData: exactly one of mesh and points must be non-null");
        }
    }

    /** A result holding a mesh. */
    public static ShapeData ofMesh(Path file, ShapeFormat format, Mesh mesh) {
        return new ShapeData(file, format, Objects.requireNonNull(mesh, "mesh"), null);
    }

    /** A result holding a point cloud. */
    public static ShapeData ofPoints(Path file, ShapeFormat format, PointCloud points) {
        return new ShapeData(file, format, null, Objects.requireNonNull(points, "points"));
    }

    /** True when the file held faces. */
    public boolean isMesh() {
        return mesh != null;
    }

    /**
     * {@code n} points sampled area-uniformly on the mesh surface ({@link MeshSampler}), with face normals when
     * {@code normals}; unlike {@link #toPointCloud} a mesh without area, or with a non-finite vertex, is an error
     * naming the file, and a file of points is an error too.
     */
    public PointCloud sampleSurface(int n, RandomGenerator rng, boolean normals) throws ShapeFormatException {
        if (mesh == null)
            throw ShapeFormatException.general(
                    file, "holds " + points.size() + " points and no faces; expected a mesh to sample");
        try {
            return MeshSampler.sample(mesh, n, rng, normals);
        } catch (IllegalArgumentException e) {
            throw ShapeFormatException.general(file, e.getMessage().replaceFirst("^MeshSampler: ", ""));
        }
    }

    /**
     * The content as a point cloud: the points as read, or {@code pointsIfMesh} points sampled area-uniformly
     * from the mesh surface (a mesh without area yields its vertices instead, since there is no surface to sample).
     */
    public PointCloud toPointCloud(int pointsIfMesh, RandomGenerator rng) {
        if (points != null) return points;
        if (!(mesh.area() > 0)) return new PointCloud(mesh.vertices().clone());
        return MeshSampler.sample(mesh, pointsIfMesh, rng);
    }
}
