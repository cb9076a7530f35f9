package org.pointgrad.pointcloud.chamfer;

/**
 * How per-point (or per-cloud) Chamfer terms are combined, as in PyTorch3D's {@code point_reduction}/{@code
 * batch_reduction}.
 */
public enum ChamferReduction {
    /** Average (over the valid points of a cloud, or over the batch / the sum of batch weights). */
    MEAN,
    /** Sum. */
    SUM,
    /** Keep every term. */
    NONE
}
