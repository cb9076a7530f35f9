package org.pointgrad.pointcloud.data;

import java.util.Objects;
import org.pointgrad.pointcloud.PointCloud;

/**
 * One dataset entry.
 *
 * @param id    a stable identifier: the file's path relative to the dataset root with '/' separators, or
 *              "item-&lt;index&gt;" for in-memory data; the train/test split hashes it
 * @param cloud the (resampled, normalized) points
 * @param label the label, or null when the dataset has none
 */
public record Sample(String id, PointCloud cloud, String label) {
    /** Checks non-null id and cloud. */
    public Sample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cloud, "cloud");
    }
}
