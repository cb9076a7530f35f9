package org.pointgrad.pointcloud.neighbors;

/** How {@link NearestNeighbors} searches: chosen automatically from the cloud sizes, or forced. */
public enum SearchStrategy {
    /** Brute force for small problems, a k-d tree for large ones (see {@link NearestNeighbors#useTree}). */
    AUTO,
    /** Compare every query with every point (blocked, vectorized). */
    BRUTE_FORCE,
    /** Build a {@link KdTree} over the points and query it. */
    KD_TREE
}
