package org.pointgrad.pointcloud.shapes;

import java.util.Objects;
import org.pointgrad.pointcloud.PointCloud;

/**
 * A sampled point cloud with its airplane family; {@link #label()} is the family's ordinal, for classifiers and
 * per-class statistics.
 */
public record LabelledCloud(PointCloud cloud, AirplaneFamily family, AirplaneParams params) {
    /** Rejects null components. */
    public LabelledCloud {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(params, "params");
    }

    /** The family's ordinal in {@link AirplaneFamily#values()}. */
    public int label() {
        return family.ordinal();
    }
}
