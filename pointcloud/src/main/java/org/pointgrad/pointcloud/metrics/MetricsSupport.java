package org.pointgrad.pointcloud.metrics;

import java.util.List;

/** Argument checks shared by the metrics. */
final class MetricsSupport {
    private MetricsSupport() {}

    static void checkCloud(String what, float[] c, int dim) {
        if (c == null) throw new IllegalArgumentException(what + ": cloud is null");
        if (dim < 1 || c.length % dim != 0) {
            throw new IllegalArgumentException(
                    what + ": array length " + c.length + " is not a multiple of dimension " + dim);
        }
    }

    static void checkSet(String what, List<float[]> set, int dim) {
        for (int i = 0; i < set.size(); i++) checkCloud(what + "[" + i + "]", set.get(i), dim);
    }
}
