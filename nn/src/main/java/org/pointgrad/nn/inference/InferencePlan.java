package org.pointgrad.nn.inference;

import org.pointgrad.autodiff.Tensor;

/**
 * A module compiled for graph-free inference (fused per-point stages, max pooling, folded BatchNorm, per-patch
 * decoders), made by {@link InferencePlanner} from a {@link PlannableModule} and valid until the module's parameters,
 * buffers or mode change. Plans hold no reference to their module and are safe to use from several threads.
 */
public interface InferencePlan {
    /** True when the plan takes this input (shape and dtype); otherwise the module runs its graph path. */
    boolean accepts(Tensor input);
}
