package org.pointgrad.nn.diagnostics;

/** A problem a {@link GradientFlowReport} can flag on a parameter. */
public enum FlowFlag {
    /** Not connected to the loss: no path from the loss back to this parameter, so it never trains. */
    NO_GRAD_PATH,
    /** Connected to the loss, but every gradient entry is exactly zero (or no gradient arrived). */
    ZERO_GRAD,
    /** The measured optimizer step left every entry exactly unchanged. */
    NOT_UPDATED,
    /** Some (not all) output units of a 2-D weight got exactly zero gradient for the whole batch. */
    DEAD_UNITS,
    /** Gradient norm above the configured threshold, or a NaN/infinite gradient entry. */
    EXPLODING
}
