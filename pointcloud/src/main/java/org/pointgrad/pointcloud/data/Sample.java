package org.pointgrad.pointcloud.data;

import java.util.Objects;
import org.pointgrad.pointcloud.PointCloud;

/**
 * One dataset entry.
 *
 * @param id      a stable identifier: the file's path relative to the dataset root with '/' separators (for ShapeNet
 *                the {@code <synset>/<model_id>} folder), or "item-&lt;index&gt;" for in-memory data
 * @param cloud   the (resampled, normalized) points
 * @param label   the label, or null when the dataset has none
 * @param heldOut true when the entry is on the held-out side of its collection's split
 */
public record Sample(String id, PointCloud cloud, String label, boolean heldOut) {
    /** Checks non-null id and cloud. */
    public Sample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cloud, "cloud");
    }

    /** An entry on the training side. */
    public Sample(String id, PointCloud cloud, String label) {
        this(id, cloud, label, false);
    }
}
