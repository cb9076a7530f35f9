package org.pointgrad.nn.optim;

import java.util.Map;
import org.pointgrad.autodiff.Tensor;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), like torch.optim.AdamW: before the Adam step the
 * parameter is multiplied by {@code 1 - lr * weightDecay}. See {@link AdamBase} for the formula.
 */
public final class AdamW extends AdamBase {
    /** betas (0.9, 0.999), eps 1e-8, weight decay 0.01 (PyTorch's default). */
    public AdamW(Map<String, Tensor> namedParameters, double lr) {
        this(namedParameters, lr, 0.9, 0.999, 1e-8, 0.01);
    }

    /** All hyperparameters. */
    public AdamW(
            Map<String, Tensor> namedParameters,
            double lr,
            double beta1,
            double beta2,
            double eps,
            double weightDecay) {
        super(namedParameters, lr, beta1, beta2, eps, weightDecay, true);
    }
}
