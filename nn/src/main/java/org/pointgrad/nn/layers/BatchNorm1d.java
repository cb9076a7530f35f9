package org.pointgrad.nn.layers;

import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Shapes;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Layer;

/**
 * Batch normalisation over the channel axis, which here is the LAST axis: inputs are (N, C) or (B, P, C) (unlike
 * PyTorch's (N, C, L)), and statistics are taken over all other axes. Training normalises with the batch mean and
 * biased variance and updates the running statistics with momentum 0.1 using the unbiased variance, as PyTorch
 * does; evaluation normalises with the running statistics. Names match PyTorch: parameters {@code weight},
 * {@code bias}; buffers {@code running_mean}, {@code running_var}, {@code num_batches_tracked} (a FLOAT64 scalar).
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
        if (numFeatures <= 0) throw new IllegalArgumentException("BatchNorm1d: numFeatures must be > 0, got " + numFeatures);
        if (!(eps > 0)) throw new IllegalArgumentException("BatchNorm1d: eps must be > 0, got " + eps);
        if (!(momentum >= 0 && momentum <= 1)) throw new IllegalArgumentException("BatchNorm1d: momentum must be in [0, 1], got " + momentum);
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
        int[] s = x.shape();
        if (s.length < 2 || s[s.length - 1] != numFeatures) {
            throw new IllegalArgumentException("BatchNorm1d(" + numFeatures + "): expected input (N, " + numFeatures + ") or (B, P, "
                    + numFeatures + "), got shape " + Shapes.str(s));
        }
        if (x.dtype() != runningMean.dtype()) {
            throw new IllegalArgumentException("BatchNorm1d(" + numFeatures + "): input is " + x.dtype() + " but the layer is "
                    + runningMean.dtype() + "; convert the input with to(DType)");
        }
        Tensor normalized;
        if (isTraining()) {
            int count = x.numel() / numFeatures;
            if (count <= 1) {
                throw new IllegalArgumentException("BatchNorm1d: expected more than 1 value per channel when training, got input shape "
                        + Shapes.str(s));
            }
            int[] axes = new int[s.length - 1];
            for (int i = 0; i < axes.length; i++) axes[i] = i;
            Tensor mean = x.mean(axes, false);
            Tensor centered = x.sub(mean);
            Tensor var = centered.square().mean(axes, false);
            normalized = centered.div(var.add(eps).sqrt());
            updateRunningStats(mean, var, count);
        } else {
            // Running statistics are buffers (no gradient), so only x's path is recorded.
            normalized = x.sub(runningMean).div(runningVar.add(eps).sqrt());
        }
        if (weight != null) normalized = normalized.mul(weight).add(bias);
        return normalized;
    }

    private void updateRunningStats(Tensor mean, Tensor var, int count) {
        double unbias = (double) count / (count - 1);
        for (int c = 0; c < numFeatures; c++) {
            double m = mean.getFlat(c), v = var.getFlat(c) * unbias;
            runningMean.setFlat(c, (1 - momentum) * runningMean.getFlat(c) + momentum * m);
            runningVar.setFlat(c, (1 - momentum) * runningVar.getFlat(c) + momentum * v);
        }
        numBatchesTracked.setFlat(0, numBatchesTracked.getFlat(0) + 1);
    }

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
        return "BatchNorm1d(" + numFeatures + ", eps=" + eps + ", momentum=" + momentum + (weight == null ? ", no affine" : "") + ")";
    }
}
