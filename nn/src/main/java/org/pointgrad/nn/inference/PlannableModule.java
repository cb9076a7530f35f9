package org.pointgrad.nn.inference;

/**
 * A module that has a graph-free inference form. It describes its own structure (the stages it was built from), so
 * no layer list is pattern-matched to rediscover it; {@link InferencePlanner} decides when the plan is used and keeps
 * it up to date.
 *
 * @param <P> the kind of plan
 */
public interface PlannableModule<P extends InferencePlan> {
    /**
     * The module compiled from its current parameters and buffers, as in eval mode, or null when this instance has
     * no inference form (a layer the plans do not cover, a kernel that does not suit it). Called by
     * {@link InferencePlanner} only, once per change of the module's state.
     */
    P compilePlan();
}
