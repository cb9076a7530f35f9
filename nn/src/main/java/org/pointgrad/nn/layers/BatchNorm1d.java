package org.pointgrad.nn.layers;

import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Shapes;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Layer;

/**
 * Batch normalisation over the channel axis, which here is the LAST axis: inputs are (N, C) or (B, P, C) (unlike
 * PyTorch's (N, C, L)), and statistics are taken over all other axes. Training normalises with the batch mean and
 * biased variance and updates the running statistics with momentum 0.1 using the unbiased variance, as PyTorch
 * does; evaluation normalises with the running statistics. Forward and backward are one fused op
 * ({@link #forwardRelu} with the following ReLU), two passes over the activations each way. Names match PyTorch:
 * parameters {@code weight}, {@code bias}; buffers {@code running_mean}, {@code running_var},
 * {@code num_batches_tracked} (a FLOAT64 scalar).
 */
public final class BatchNorm1d extends Layer {
    private final int numFeatures;
    private final double eps;
    private final double momentum;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    /** FLOAT32, eps 1e-5, momentum 0.1, affine. */
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, DType.FLOAT32);
    }

    /** eps 1e-5, momentum 0.1, affine, in the given dtype. */
    public BatchNorm1d(int numFeatures, DType dtype) {
        this(numFeatures, 1e-5, 0.1, true, dtype);
    }

    /** Full control; without {@code affine} there is no weight or bias. */
    public BatchNorm1d(int numFeatures, double eps, double momentum, boolean affine, DType dtype) {
        if (numFeatures <= 0)
            throw new IllegalArgumentException("BatchNorm1d: numFeatures must be > 0, got " + numFeatures);
        if (!(eps > 0)) throw new IllegalArgumentException("BatchNorm1d: eps must be > 0, got " + eps);
        if (!(momentum >= 0 && momentum <= 1))
            throw new IllegalArgumentException("BatchNorm1d: momentum must be in [0, 1], got " + momentum);
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? registerParameter("weight", Tensor.ones(dtype, numFeatures)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(dtype, numFeatures)) : null;
        this.runningMean = registerBuffer("running_mean", Tensor.zeros(dtype, numFeatures));
        this.runningVar = registerBuffer("running_var", Tensor.ones(dtype, numFeatures));
        this.numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.scalar(0.0));
    }

    @Override
    public Tensor forward(Tensor x) {
        return normalize(x, false);
    }

    /**
     * {@code relu(forward(x))} as one op: the ReLU is applied as the normalised values are written and its mask is
     * read from the output in backward, so no intermediate tensor is stored.
     */
    public Tensor forwardRelu(Tensor x) {
        return normalize(x, true);
    }

    /**
     * {@code forward(x).max(1, false)} for (B, N, C) point features, as one op that never stores the normalised
     * (B, N, C) tensor (AtlasNet's encoder pools right after its last BatchNorm): the same values; gradients equal
     * those of the composed form wherever each cloud's maximum is unique.
     */
    public Tensor forwardMaxOverPoints(Tensor x) {
        int[] s = x.shape();
        if (s.length != 3 || s[2] != numFeatures || s[1] < 1) {
            throw new IllegalArgumentException(
                    "BatchNorm1d(" + numFeatures + ").forwardMaxOverPoints: expected input (B, N >= 1, " + numFeatures
                            + "), got shape " + Shapes.str(s));
        }
        checkDType(x);
        int clouds = s[0], n = s[1], count = clouds * n;
        if (isTraining() && count <= 1) {
            throw new IllegalArgumentException(
                    "BatchNorm1d: expected more than 1 value per channel when training, got input shape "
                            + Shapes.str(s));
        }
        BatchNormOp.CloudStats cs = BatchNormOp.cloudStats(x, clouds, n, numFeatures);
        double[] mean = new double[numFeatures], invStd = new double[numFeatures];
        for (int c = 0; c < numFeatures; c++) {
            mean[c] = isTraining() ? cs.stats().mean()[c] : runningMean.getFlat(c);
            invStd[c] = 1 / Math.sqrt((isTraining() ? cs.stats().var()[c] : runningVar.getFlat(c)) + eps);
        }
        if (isTraining()) updateRunningStats(cs.stats().mean(), cs.stats().var(), count);
        return BatchNormOp.applyMaxOverPoints(
                x, clouds, n, numFeatures, mean, invStd, cs.argMax(), cs.argMin(), weight, bias, isTraining());
    }

    private void checkDType(Tensor x) {
        if (x.dtype() != runningMean.dtype()) {
            throw new IllegalArgumentException("BatchNorm1d(" + numFeatures + "): input is " + x.dtype()
                    + " but the layer is " + runningMean.dtype() + "; convert the input with to(DType)");
        }
    }

    private Tensor normalize(Tensor x, boolean relu) {
        int[] s = x.shape();
        if (s.length < 2 || s[s.length - 1] != numFeatures) {
            throw new IllegalArgumentException("BatchNorm1d(" + numFeatures + "): expected input (N, " + numFeatures
                    + ") or (B, P, " + numFeatures + "), got shape " + Shapes.str(s));
        }
        checkDType(x);
        int count = x.numel() / numFeatures;
        double[] mean = new double[numFeatures], invStd = new double[numFeatures];
        if (isTraining()) {
            if (count <= 1) {
                throw new IllegalArgumentException(
                        "BatchNorm1d: expected more than 1 value per channel when training, got input shape "
                                + Shapes.str(s));
            }
            BatchNormOp.Stats st = BatchNormOp.stats(x, count, numFeatures);
            for (int c = 0; c < numFeatures; c++) {
                mean[c] = st.mean()[c];
                invStd[c] = 1 / Math.sqrt(st.var()[c] + eps);
            }
            updateRunningStats(st.mean(), st.var(), count);
        } else {
            for (int c = 0; c < numFeatures; c++) {
                mean[c] = runningMean.getFlat(c);
                invStd[c] = 1 / Math.sqrt(runningVar.getFlat(c) + eps);
            }
        }
        return BatchNormOp.apply(x, count, numFeatures, mean, invStd, weight, bias, isTraining(), relu);
    }

    /**
     * The eval-mode map as {@code x * scale + shift} per channel, in double: {@code scale = gamma / sqrt(running_var
     * + eps)}, {@code shift = beta - running_mean * scale}; what folding this layer into the preceding Linear needs.
     */
    public double[][] evalScaleShift() {
        double[] scale = new double[numFeatures], shift = new double[numFeatures];
        for (int c = 0; c < numFeatures; c++) {
            scale[c] = (weight == null ? 1 : weight.getFlat(c)) / Math.sqrt(runningVar.getFlat(c) + eps);
            shift[c] = (bias == null ? 0 : bias.getFlat(c)) - runningMean.getFlat(c) * scale[c];
        }
        return new double[][] {scale, shift};
    }

    /**
     * {@code lin} followed by this layer in eval mode, as one Linear: rows of the weight scaled by
     * {@link #evalScaleShift()}'s scale, bias {@code b * scale + shift}. Computed in double, stored in the layer's
     * dtype.
     */
    public Linear foldAfter(Linear lin) {
        if (lin.outFeatures() != numFeatures || lin.dtype() != runningMean.dtype()) {
            throw new IllegalArgumentException("BatchNorm1d(" + numFeatures + ").foldAfter: expected a "
                    + runningMean.dtype() + " Linear with " + numFeatures + " outputs, got " + lin);
        }
        double[][] ss = evalScaleShift();
        int in = lin.inFeatures();
        double[] w = lin.weight().toDoubleArray(), b = new double[numFeatures];
        for (int o = 0; o < numFeatures; o++) {
            for (int i = 0; i < in; i++) w[o * in + i] *= ss[0][o];
            b[o] = (lin.bias() == null ? 0 : lin.bias().getFlat(o)) * ss[0][o] + ss[1][o];
        }
        DType dt = runningMean.dtype();
        return Linear.wrap(
                Tensor.of(w, numFeatures, in).to(dt), Tensor.of(b, numFeatures).to(dt));
    }

    private void updateRunningStats(double[] mean, double[] var, int count) {
        double unbias = (double) count / (count - 1);
        for (int c = 0; c < numFeatures; c++) {
            double m = mean[c], v = var[c] * unbias;
            runningMean.setFlat(c, (1 - momentum) * runningMean.getFlat(c) + momentum * m);
            runningVar.setFlat(c, (1 - momentum) * runningVar.getFlat(c) + momentum * v);
        }
        numBatchesTracked.setFlat(0, numBatchesTracked.getFlat(0) + 1);
    }

    /** The number of channels C normalised (the size of the last axis of the input). */
    public int numFeatures() {
        return numFeatures;
    }

    /** The running mean buffer (C). */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance buffer (C). */
    public Tensor runningVar() {
        return runningVar;
    }

    /** The scale parameter, or null without affine. */
    public Tensor weight() {
        return weight;
    }

    /** The shift parameter, or null without affine. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public String toString() {
        return "BatchNorm1d(" + numFeatures + ", eps=" + eps + ", momentum=" + momentum
                + (weight == null ? ", no affine" : "") + ")";
    }
}
