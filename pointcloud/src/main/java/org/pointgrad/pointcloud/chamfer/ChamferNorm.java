package org.pointgrad.pointcloud.chamfer;

/** How the distance from a point to its nearest neighbour enters the Chamfer loss. */
public enum ChamferNorm {
    /** Squared Euclidean distance (PyTorch3D {@code norm=2}, the AtlasNet loss). */
    SQUARED_L2,
    /**
     * Euclidean distance, the square root of {@link #SQUARED_L2} (same neighbours). Its gradient
     * {@code (x - y) / |x - y|} is undefined at 0; the kernel divides by
     * {@code max(|x - y|, }{@link ChamferKernel#L2_GRAD_EPS}{@code )}, which gives 0 for coincident points and a
     * bounded gradient near them.
     */
    L2,
    /**
     * Sum of absolute coordinate differences (PyTorch3D {@code norm=1}); nearest neighbours are also found under L1.
     */
    L1
}
