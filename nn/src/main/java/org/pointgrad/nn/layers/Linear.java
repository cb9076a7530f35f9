package org.pointgrad.nn.layers;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Shapes;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Layer;
import org.pointgrad.nn.init.LinearInit;

/**
 * {@code y = x W^T + b} over the last axis of an (..., in) input, so one layer serves as a shared per-point layer
 * on (batch, points, channels). The weight is stored as (out, in) and the parameters are named {@code weight} and
 * {@code bias}, exactly like PyTorch's nn.Linear, so state dicts map one to one.
 */
public final class Linear extends Layer {
    private final int inFeatures;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    /** FLOAT32, with bias, PyTorch's default initialisation. */
    public Linear(int inFeatures, int outFeatures, RandomGenerator rng) {
        this(inFeatures, outFeatures, true, DType.FLOAT32, LinearInit.pytorchDefault(), rng);
    }

    /** With bias and the given dtype and initialisation. */
    public Linear(int inFeatures, int outFeatures, DType dtype, LinearInit init, RandomGenerator rng) {
        this(inFeatures, outFeatures, true, dtype, init, rng);
    }

    /** Full control: bias on or off, dtype (FLOAT32 or FLOAT64), initialisation, generator. */
    public Linear(int inFeatures, int outFeatures, boolean hasBias, DType dtype, LinearInit init, RandomGenerator rng) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException(
                    "Linear: feature counts must be > 0, got in=" + inFeatures + ", out=" + outFeatures);
        }
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(rng, "rng");
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        Tensor w = Tensor.zeros(dtype, outFeatures, inFeatures);
        Tensor b = hasBias ? Tensor.zeros(dtype, outFeatures) : null;
        init.apply(w, b, rng);
        this.weight = registerParameter("weight", w);
        this.bias = hasBias ? registerParameter("bias", b) : null;
    }

    private Linear(Tensor weight, Tensor bias) {
        this.inFeatures = weight.size(1);
        this.outFeatures = weight.size(0);
        this.weight = registerParameter("weight", weight);
        this.bias = bias == null ? null : registerParameter("bias", bias);
    }

    /**
     * A layer around an existing (out, in) weight and optional (out) bias, used as given (not copied): for layers
     * derived from others, such as a Linear with a BatchNorm folded in.
     */
    public static Linear wrap(Tensor weight, Tensor bias) {
        if (weight.dim() != 2 || (bias != null && (bias.dim() != 1 || bias.size(0) != weight.size(0)))) {
            throw new IllegalArgumentException("Linear.wrap: expected weight (out, in) and bias (out), got "
                    + Shapes.str(weight.shape()) + " and " + (bias == null ? "none" : Shapes.str(bias.shape())));
        }
        return new Linear(weight, bias);
    }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        // The fused op does x @ W^T + b in one product without copying the transposed weight.
        return Tensor.linear(x, weight, bias);
    }

    /**
     * {@code relu(forward(x))} as one fused op: the same values and gradients as this layer followed by
     * {@link ReLU}, without the intermediate tensor. {@link Fusion} uses it for every Linear-ReLU pair.
     */
    public Tensor forwardRelu(Tensor x) {
        checkInput(x);
        return Tensor.linearRelu(x, weight, bias);
    }

    /** A Linear absorbs a following {@link ReLU} ({@link #forwardRelu}). */
    @Override
    public boolean absorbs(Layer next) {
        return next instanceof ReLU;
    }

    @Override
    public Tensor forwardThen(Layer next, Tensor x) {
        return absorbs(next) ? forwardRelu(x) : super.forwardThen(next, x);
    }

    /**
     * {@code relu(forward(x)).max(1, false)} for (B, N, in) as one op ({@link Tensor#linearReluMax}): the widest
     * activation is never stored and backward touches only the winning points.
     */
    @Override
    public Tensor forwardThenMaxPool(Layer next, Tensor x) {
        if (!absorbs(next)) return super.forwardThenMaxPool(next, x);
        checkInput(x);
        return Tensor.linearReluMax(x, weight, bias);
    }

    private void checkInput(Tensor x) {
        if (x.dim() < 1 || x.size(-1) != inFeatures) {
            throw new IllegalArgumentException("Linear(" + inFeatures + "->" + outFeatures + "): expected input (..., "
                    + inFeatures + "), got shape " + Shapes.str(x.shape()));
        }
        if (x.dtype() != weight.dtype()) {
            throw new IllegalArgumentException("Linear(" + inFeatures + "->" + outFeatures + "): input is " + x.dtype()
                    + " but the layer is " + weight.dtype() + "; convert the input with to(DType)");
        }
    }

    /** The (out, in) weight parameter. */
    public Tensor weight() {
        return weight;
    }

    /** The (out) bias parameter, or null when the layer has none. */
    public Tensor bias() {
        return bias;
    }

    /** Size of the input's last axis. */
    public int inFeatures() {
        return inFeatures;
    }

    /** Size of the output's last axis. */
    public int outFeatures() {
        return outFeatures;
    }

    /** The dtype of the parameters, which inputs must match. */
    public DType dtype() {
        return weight.dtype();
    }

    @Override
    public String toString() {
        return "Linear(" + inFeatures + "->" + outFeatures + (bias == null ? ", no bias" : "") + ", " + weight.dtype()
                + ")";
    }
}
