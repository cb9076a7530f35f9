package org.pointgrad.nn.optim;

import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;

/** Gradient clipping in place on the parameters' {@code grad()} tensors; parameters without a gradient are skipped. */
public final class GradientClipping {
    private GradientClipping() {}

    /**
     * Scales all gradients together so their joint L2 norm is at most {@code maxNorm} (like
     * torch.nn.utils.clip_grad_norm_: factor {@code maxNorm / (norm + 1e-6)}, applied only when below 1).
     * The norm is accumulated in double. Returns the norm before clipping; when it is NaN or infinite the gradients
     * are left unchanged so the caller can skip the step.
     */
    public static double clipByGlobalNorm(Iterable<Tensor> params, double maxNorm) {
        if (!(maxNorm >= 0))
            throw new IllegalArgumentException("clipByGlobalNorm: maxNorm must be >= 0, got " + maxNorm);
        double sq = 0;
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) continue;
            int n = g.numel();
            for (int i = 0; i < n; i++) {
                double v = g.getFlat(i);
                sq += v * v;
            }
        }
        double norm = Math.sqrt(sq);
        if (!Double.isFinite(norm)) return norm;
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1) {
            for (Tensor p : params) {
                Tensor g = p.grad();
                if (g == null) continue;
                if (g.dtype() == DType.FLOAT64) {
                    double[] d = g.doubleData();
                    for (int i = 0; i < d.length; i++) d[i] *= coef;
                } else {
                    float[] f = g.floatData();
                    float c = (float) coef;
                    for (int i = 0; i < f.length; i++) f[i] *= c;
                }
                g.bumpVersion();
            }
        }
        return norm;
    }

    /** Clamps every gradient element into [-clipValue, clipValue] (like clip_grad_value_). */
    public static void clipByValue(Iterable<Tensor> params, double clipValue) {
        if (!(clipValue >= 0))
            throw new IllegalArgumentException("clipByValue: clipValue must be >= 0, got " + clipValue);
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) continue;
            int n = g.numel();
            for (int i = 0; i < n; i++) {
                double v = g.getFlat(i);
                // NaN stays NaN so a broken gradient is not silently turned into a valid one.
                if (v > clipValue) g.setFlat(i, clipValue);
                else if (v < -clipValue) g.setFlat(i, -clipValue);
            }
        }
    }
}
