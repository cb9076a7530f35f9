package org.pointgrad.nn.inference;

import java.util.Objects;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.layers.BatchNorm1d;
import org.pointgrad.nn.layers.Linear;

/**
 * One per-point layer of an inference plan: {@code act(x weight^T + bias)} with an (out, in) weight, a bias (or
 * null) and act = ReLU or identity. A BatchNorm in eval mode after the Linear is folded into it.
 */
public record DenseStage(Tensor weight, Tensor bias, boolean relu) {
    /** Checks the weight is (out, in) and the bias (out) of the same dtype. */
    public DenseStage {
        Objects.requireNonNull(weight, "weight");
        if (weight.dim() != 2 || (bias != null && (bias.dim() != 1 || bias.size(0) != weight.size(0)))) {
            throw new IllegalArgumentException(
                    "DenseStage: expected an (out, in) weight and an (out) bias, got " + weight + " and " + bias);
        }
        if (bias != null && bias.dtype() != weight.dtype()) {
            throw new IllegalArgumentException(
                    "DenseStage: bias is " + bias.dtype() + " but the weight is " + weight.dtype());
        }
    }

    /** The layer as it is, optionally followed by a ReLU. */
    public static DenseStage of(Linear lin, boolean relu) {
        return new DenseStage(lin.weight(), lin.bias(), relu);
    }

    /** {@code lin}, then {@code norm} in eval mode (folded into one affine map), then optionally a ReLU. */
    public static DenseStage folded(Linear lin, BatchNorm1d norm, boolean relu) {
        return of(norm.foldAfter(lin), relu);
    }

    /** Input channels. */
    public int in() {
        return weight.size(1);
    }

    /** Output channels. */
    public int out() {
        return weight.size(0);
    }

    /** The weight's dtype. */
    public DType dtype() {
        return weight.dtype();
    }
}
