package org.pointgrad.nn.diagnostics;

/** How a {@link GradientFlowReport} decided whether a parameter is connected to the loss. */
public enum ReachabilitySource {
    /** Walked the loss's graph before backward ({@link GradientFlowReport#reachableParameters}): exact. */
    GRAPH_WALK,
    /**
     * Inferred after backward from {@code grad() != null}. Exact only if gradients were zeroed (set to null, as
     * {@code Module.zeroGrad()} does) before backward; a stale gradient from an earlier backward looks connected.
     */
    GRADIENT_PRESENCE
}
