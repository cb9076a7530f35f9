package org.pointgrad.pointcloud.shapes;

import java.util.Objects;
import org.pointgrad.pointcloud.Mesh;

/**
 * One generated airplane: its family, the parameters it was built from, and its mesh normalised to the unit ball
 * (bounding-box centre at the origin, farthest vertex at distance 1; x = nose, y = up, z = span).
 */
public record Airplane(AirplaneFamily family, AirplaneParams params, Mesh mesh) {
    /** Rejects null components. */
    public Airplane {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(mesh, "mesh");
    }
}
