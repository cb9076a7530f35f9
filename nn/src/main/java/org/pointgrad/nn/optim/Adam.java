package org.pointgrad.nn.optim;

import java.util.Map;
import org.pointgrad.autodiff.Tensor;

/**
 * Adam with bias correction, like torch.optim.Adam: weight decay here is L2 regularisation added to the gradient
 * (so it is scaled by the adaptive step); use {@link AdamW} for decoupled decay. See {@link AdamBase} for the formula.
 */
public final class Adam extends AdamBase {
    /** betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(Map<String, Tensor> namedParameters, double lr) {
        this(namedParameters, lr, 0.9, 0.999, 1e-8, 0.0);
    }

    /** All hyperparameters. */
    public Adam(
            Map<String, Tensor> namedParameters,
            double lr,
            double beta1,
            double beta2,
            double eps,
            double weightDecay) {
        super(namedParameters, lr, beta1, beta2, eps, weightDecay, false);
    }
}
