package org.pointgrad.nn.layers;

import java.util.Arrays;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.MatmulKernel;
import org.pointgrad.autodiff.kernel.Parallel;

/**
 * Batch normalisation of (rows, C) data over the rows, optionally followed by a ReLU, as one op: forward is one pass
 * for the statistics and one that writes {@code x * scale + shift}; backward is one pass for the two per-channel
 * gradient sums and one that writes the input gradient as {@code a * g + b * x + c} per channel. Composed of
 * elementwise ops, the same takes about ten passes over the activations and as many temporaries.
 * <p>
 * Statistics are summed in double over fixed pieces of rows, shifted by the first row (so a large mean does not
 * cancel the variance away), and the pieces are added in order: results do not depend on the thread count.
 */
final class BatchNormOp {
    /** Rows per piece of the parallel passes; piece boundaries depend only on the row count. */
    private static final int PIECE_ROWS = 256;

    private BatchNormOp() {}

    /** Per-channel mean and biased variance of (rows, C) data. */
    record Stats(double[] mean, double[] var) {}

    /** Mean and biased variance per channel, two accumulators per channel and one pass over x. */
    static Stats stats(Tensor x, int rows, int c) {
        int pieces = (rows + PIECE_ROWS - 1) / PIECE_ROWS;
        double[] s1 = new double[pieces * c], s2 = new double[pieces * c], shift = new double[c];
        boolean f64 = x.dtype() == DType.FLOAT64;
        double[] xd = f64 ? x.doubleData() : null;
        float[] xf = f64 ? null : x.floatData();
        for (int j = 0; j < c; j++) shift[j] = f64 ? xd[j] : xf[j];
        float[] shiftF = toFloats(shift);
        Parallel.forEachPiece(pieces, 1, (from, to) -> {
            // Single precision sums within a piece (at most PIECE_ROWS terms, in loops that vectorize), double across.
            float[] a1 = f64 ? null : new float[c], a2 = f64 ? null : new float[c];
            for (int p = from; p < to; p++) {
                int r1 = Math.min(rows, (p + 1) * PIECE_ROWS), o = p * c;
                if (f64) {
                    for (int r = p * PIECE_ROWS; r < r1; r++) {
                        int base = r * c;
                        for (int j = 0; j < c; j++) {
                            double d = xd[base + j] - shift[j];
                            s1[o + j] += d;
                            s2[o + j] += d * d;
                        }
                    }
                    continue;
                }
                Arrays.fill(a1, 0f);
                Arrays.fill(a2, 0f);
                for (int r = p * PIECE_ROWS; r < r1; r++) addShifted(xf, r * c, c, shiftF, a1, a2);
                for (int j = 0; j < c; j++) {
                    s1[o + j] = a1[j];
                    s2[o + j] = a2[j];
                }
            }
        });
        return combine(s1, s2, shift, pieces, c, rows);
    }

    /**
     * {@code act((x - mean) * invStd * gamma + beta)} over (rows, C), recorded with its backward. In training mode
     * ({@code batchStats}) mean and invStd are the batch's own, so the gradient flows through them too.
     *
     * @param gamma null without affine (scale 1, shift 0)
     */
    static Tensor apply(
            Tensor x,
            int rows,
            int c,
            double[] mean,
            double[] invStd,
            Tensor gamma,
            Tensor beta,
            boolean batchStats,
            boolean relu) {
        double[] scale = new double[c], shift = new double[c];
        for (int j = 0; j < c; j++) {
            double g = gamma == null ? 1 : gamma.getFlat(j);
            scale[j] = g * invStd[j];
            shift[j] = (beta == null ? 0 : beta.getFlat(j)) - mean[j] * scale[j];
        }
        Tensor y = Tensor.zeros(x.dtype(), x.shape());
        affine(x, rows, c, scale, shift, relu, y);
        Tensor[] inputs = gamma == null ? new Tensor[] {x} : new Tensor[] {x, gamma, beta};
        return Autograd.record(
                relu ? "batch_norm_relu" : "batch_norm",
                y,
                g -> {
                    // The gradient through the ReLU survives where the output is positive.
                    Tensor mask = relu ? y : null;
                    Tensor gx = Autograd.gradientBuffer(x.dtype(), x.shape());
                    double[][] sums = gradSums(g, mask, x, rows, c, mean, gx);
                    double[] sg = sums[0], sgx = sums[1];
                    if (!x.requiresGrad()) gx = null;
                    if (gx != null) {
                        // dx = gamma invStd (g - mean(g) - xhat mean(g xhat)) in training; gamma invStd g in eval.
                        double[] a = new double[c], b = new double[c], c0 = new double[c];
                        for (int j = 0; j < c; j++) {
                            a[j] = scale[j];
                            if (batchStats) {
                                b[j] = -scale[j] * invStd[j] * invStd[j] * sgx[j] / rows;
                                c0[j] = -a[j] * sg[j] / rows - b[j] * mean[j];
                            }
                        }
                        affine(gx, rows, c, a, c0, x, b, gx);
                    }
                    return gradients(gx, gamma, sg, sgx, invStd, x.dtype());
                },
                inputs);
    }

    /** {@code a1[j] += x[base + j] - shift[j]} and {@code a2[j] +=} its square over one row (vectorizes). */
    private static void addShifted(float[] x, int base, int c, float[] shift, float[] a1, float[] a2) {
        for (int j = 0; j < c; j++) {
            float d = x[base + j] - shift[j];
            a1[j] += d;
            a2[j] += d * d;
        }
    }

    /** Mean and biased variance from per-piece sums of {@code x - shift} and its square, pieces added in order. */
    private static Stats combine(double[] s1, double[] s2, double[] shift, int pieces, int c, int rows) {
        double[] mean = new double[c], var = new double[c];
        for (int j = 0; j < c; j++) {
            double a = 0, q = 0;
            for (int p = 0; p < pieces; p++) {
                a += s1[p * c + j];
                q += s2[p * c + j];
            }
            double m = a / rows;
            mean[j] = shift[j] + m;
            var[j] = Math.max(0, q / rows - m * m);
        }
        return new Stats(mean, var);
    }

    /** Per-channel statistics of (B, N, C) data and, per cloud and channel, the rows of the maximum and minimum. */
    record CloudStats(Stats stats, int[] argMax, int[] argMin) {}

    /**
     * {@link #stats} and the extremes over the points of each cloud in the same pass. NaN is never taken as an
     * extreme here; the statistics then are NaN, and so is every output.
     */
    static CloudStats cloudStats(Tensor x, int clouds, int n, int c) {
        int perCloud = (n + PIECE_ROWS - 1) / PIECE_ROWS, pieces = clouds * perCloud, rows = clouds * n;
        double[] s1 = new double[pieces * c], s2 = new double[pieces * c], shift = new double[c];
        int[] hi = new int[pieces * c], lo = new int[pieces * c];
        boolean f64 = x.dtype() == DType.FLOAT64;
        double[] xd = f64 ? x.doubleData() : null;
        float[] xf = f64 ? null : x.floatData();
        for (int j = 0; j < c; j++) shift[j] = f64 ? xd[j] : xf[j];
        float[] shiftF = toFloats(shift);
        Parallel.forEachPiece(pieces, 1, (from, to) -> {
            float[] a1 = f64 ? null : new float[c], a2 = f64 ? null : new float[c];
            float[] hf = f64 ? null : new float[c], lf = f64 ? null : new float[c];
            for (int p = from; p < to; p++) {
                int cloud = p / perCloud,
                        r0 = cloud * n + p % perCloud * PIECE_ROWS,
                        r1 = Math.min(cloud * n + n, r0 + PIECE_ROWS);
                int o = p * c;
                if (!f64) {
                    // As stats(): single precision sums within the piece, in a loop that vectorizes; the extremes
                    // in a loop of their own, compared in float (the same order as in double).
                    Arrays.fill(a1, 0f);
                    Arrays.fill(a2, 0f);
                    for (int j = 0; j < c; j++) {
                        hi[o + j] = r0;
                        lo[o + j] = r0;
                        hf[j] = lf[j] = xf[r0 * c + j];
                    }
                    for (int r = r0; r < r1; r++) {
                        int base = r * c;
                        addShifted(xf, base, c, shiftF, a1, a2);
                        for (int j = 0; j < c; j++) {
                            float v = xf[base + j];
                            if (v > hf[j]) {
                                hf[j] = v;
                                hi[o + j] = r;
                            }
                            if (v < lf[j]) {
                                lf[j] = v;
                                lo[o + j] = r;
                            }
                        }
                    }
                    for (int j = 0; j < c; j++) {
                        s1[o + j] = a1[j];
                        s2[o + j] = a2[j];
                    }
                    continue;
                }
                double[] hv = new double[c], lv = new double[c];
                for (int j = 0; j < c; j++) {
                    hi[o + j] = r0;
                    lo[o + j] = r0;
                    hv[j] = lv[j] = value(xd, xf, r0 * c + j);
                }
                for (int r = r0; r < r1; r++) {
                    int base = r * c;
                    for (int j = 0; j < c; j++) {
                        double v = f64 ? xd[base + j] : xf[base + j], d = v - shift[j];
                        s1[o + j] += d;
                        s2[o + j] += d * d;
                        if (v > hv[j]) {
                            hv[j] = v;
                            hi[o + j] = r;
                        }
                        if (v < lv[j]) {
                            lv[j] = v;
                            lo[o + j] = r;
                        }
                    }
                }
            }
        });
        Stats stats = combine(s1, s2, shift, pieces, c, rows);
        int[] argMax = new int[clouds * c], argMin = new int[clouds * c];
        for (int b = 0; b < clouds; b++) {
            for (int j = 0; j < c; j++) {
                // Pieces in order, first extreme kept: the row of the first maximum, as a sequential scan finds it.
                int h = hi[b * perCloud * c + j], l = lo[b * perCloud * c + j];
                for (int p = b * perCloud + 1; p < (b + 1) * perCloud; p++) {
                    if (value(xd, xf, hi[p * c + j] * c + j) > value(xd, xf, h * c + j)) h = hi[p * c + j];
                    if (value(xd, xf, lo[p * c + j] * c + j) < value(xd, xf, l * c + j)) l = lo[p * c + j];
                }
                argMax[b * c + j] = h;
                argMin[b * c + j] = l;
            }
        }
        return new CloudStats(stats, argMax, argMin);
    }

    private static double value(double[] xd, float[] xf, int i) {
        return xd != null ? xd[i] : xf[i];
    }

    /**
     * {@code max over points of ((x - mean) * invStd * gamma + beta)} for (B, N, C) x, (B, C), without the normalised
     * (B, N, C) tensor: the affine map is monotone per channel, so the maximum is the image of x's maximum (of its
     * minimum where the scale is negative). Backward sends the pooled gradient to that row, and in training mode
     * through the batch statistics to every row.
     */
    static Tensor applyMaxOverPoints(
            Tensor x,
            int clouds,
            int n,
            int c,
            double[] mean,
            double[] invStd,
            int[] argMax,
            int[] argMin,
            Tensor gamma,
            Tensor beta,
            boolean batchStats) {
        double[] scale = new double[c], shift = new double[c];
        for (int j = 0; j < c; j++) {
            scale[j] = (gamma == null ? 1 : gamma.getFlat(j)) * invStd[j];
            shift[j] = (beta == null ? 0 : beta.getFlat(j)) - mean[j] * scale[j];
        }
        int[] rowOf = new int[clouds * c];
        Tensor y = Tensor.zeros(x.dtype(), clouds, c);
        for (int b = 0; b < clouds; b++) {
            for (int j = 0; j < c; j++) {
                int r = scale[j] >= 0 ? argMax[b * c + j] : argMin[b * c + j];
                rowOf[b * c + j] = r;
                y.setFlat(b * c + j, x.getFlat(r * c + j) * scale[j] + shift[j]);
            }
        }
        Tensor[] inputs = gamma == null ? new Tensor[] {x} : new Tensor[] {x, gamma, beta};
        return Autograd.record(
                "batch_norm_max",
                y,
                g -> {
                    double[] sg = new double[c], sgx = new double[c];
                    for (int b = 0; b < clouds; b++) {
                        for (int j = 0; j < c; j++) {
                            double v = g.getFlat(b * c + j);
                            sg[j] += v;
                            sgx[j] += v * (x.getFlat(rowOf[b * c + j] * c + j) - mean[j]);
                        }
                    }
                    Tensor gx = null;
                    if (x.requiresGrad()) {
                        double[] bx = new double[c], c0 = new double[c];
                        int rows = clouds * n;
                        if (batchStats) {
                            for (int j = 0; j < c; j++) {
                                bx[j] = -scale[j] * invStd[j] * invStd[j] * sgx[j] / rows;
                                c0[j] = -scale[j] * sg[j] / rows - bx[j] * mean[j];
                            }
                        }
                        gx = batchStats
                                ? Autograd.gradientBuffer(x.dtype(), x.shape())
                                : Tensor.zeros(x.dtype(), x.shape());
                        // The statistics' share for every row, then the pooled gradient at each winning row.
                        if (batchStats) affine(x, rows, c, bx, c0, false, gx);
                        for (int b = 0; b < clouds; b++) {
                            for (int j = 0; j < c; j++) {
                                int i = rowOf[b * c + j] * c + j;
                                gx.setFlat(i, gx.getFlat(i) + scale[j] * g.getFlat(b * c + j));
                            }
                        }
                    }
                    return gradients(gx, gamma, sg, sgx, invStd, x.dtype());
                },
                inputs);
    }

    /** {@code out = src * a + c0} per channel, with a ReLU when asked. */
    private static void affine(Tensor src, int rows, int c, double[] a, double[] c0, boolean relu, Tensor out) {
        affine(src, rows, c, a, c0, null, null, relu, out);
    }

    /** {@code out = src * a + x * b + c0} per channel (the input gradient; {@code out} may be {@code src}). */
    private static void affine(Tensor src, int rows, int c, double[] a, double[] c0, Tensor x, double[] b, Tensor out) {
        affine(src, rows, c, a, c0, x, b, false, out);
    }

    private static void affine(
            Tensor src, int rows, int c, double[] a, double[] c0, Tensor x, double[] b, boolean relu, Tensor out) {
        int pieces = (rows + PIECE_ROWS - 1) / PIECE_ROWS;
        MatmulKernel kernel = Kernels.matmul();
        if (src.dtype() == DType.FLOAT64) {
            double[] s = src.doubleData(), o = out.doubleData(), xd = x == null ? null : x.doubleData();
            Parallel.forEachPiece(pieces, 1, (from, to) -> {
                for (int r = from * PIECE_ROWS, r1 = Math.min(rows, to * PIECE_ROWS); r < r1; r++) {
                    int base = r * c;
                    // One loop per form, as below for float.
                    if (xd == null && relu) {
                        kernel.scaleShiftRelu(c, s, base, a, c0, o, base);
                    } else if (xd == null) {
                        for (int j = 0; j < c; j++) o[base + j] = s[base + j] * a[j] + c0[j];
                    } else {
                        for (int j = 0; j < c; j++) o[base + j] = s[base + j] * a[j] + c0[j] + xd[base + j] * b[j];
                    }
                }
            });
            return;
        }
        float[] s = src.floatData(), o = out.floatData(), xf = x == null ? null : x.floatData();
        float[] af = toFloats(a), cf = toFloats(c0), bf = b == null ? null : toFloats(b);
        Parallel.forEachPiece(pieces, 1, (from, to) -> {
            for (int r = from * PIECE_ROWS, r1 = Math.min(rows, to * PIECE_ROWS); r < r1; r++) {
                int base = r * c;
                // Separate loops per form, so each vectorizes without branches; C2 leaves a loop of Math.max
                // scalar, so the ReLU form is the kernel's.
                if (xf == null && relu) {
                    kernel.scaleShiftRelu(c, s, base, af, cf, o, base);
                } else if (xf == null) {
                    for (int j = 0; j < c; j++) o[base + j] = s[base + j] * af[j] + cf[j];
                } else {
                    for (int j = 0; j < c; j++) o[base + j] = s[base + j] * af[j] + xf[base + j] * bf[j] + cf[j];
                }
            }
        });
    }

    /**
     * Per channel {@code sum g} and {@code sum g (x - mean)}, with g zero where {@code mask <= 0}; the masked g is
     * written to {@code gm}, which the input gradient pass then updates in place.
     */
    private static double[][] gradSums(Tensor g, Tensor mask, Tensor x, int rows, int c, double[] mean, Tensor gm) {
        int pieces = (rows + PIECE_ROWS - 1) / PIECE_ROWS;
        double[] s1 = new double[pieces * c], s2 = new double[pieces * c];
        boolean f64 = g.dtype() == DType.FLOAT64;
        double[] gd = f64 ? g.doubleData() : null, xd = f64 ? x.doubleData() : null, god = f64 ? gm.doubleData() : null;
        double[] md = f64 && mask != null ? mask.doubleData() : null;
        float[] gf = f64 ? null : g.floatData(), xf = f64 ? null : x.floatData(), gof = f64 ? null : gm.floatData();
        float[] mf = !f64 && mask != null ? mask.floatData() : null, meanF = toFloats(mean);
        MatmulKernel kernel = Kernels.matmul();
        Parallel.forEachPiece(pieces, 1, (from, to) -> {
            float[] a1 = f64 ? null : new float[c], a2 = f64 ? null : new float[c];
            for (int p = from; p < to; p++) {
                int o = p * c, r1 = Math.min(rows, (p + 1) * PIECE_ROWS);
                if (f64) {
                    for (int r = p * PIECE_ROWS; r < r1; r++) {
                        int base = r * c;
                        // As the float path below: the masked g first, then the sums over it.
                        if (md != null) kernel.reluMask(c, gd, md, base, god);
                        else System.arraycopy(gd, base, god, base, c);
                        for (int j = 0; j < c; j++) {
                            double v = god[base + j];
                            s1[o + j] += v;
                            s2[o + j] += v * (xd[base + j] - mean[j]);
                        }
                    }
                    continue;
                }
                Arrays.fill(a1, 0f);
                Arrays.fill(a2, 0f);
                for (int r = p * PIECE_ROWS; r < r1; r++) {
                    int base = r * c;
                    if (mf != null) {
                        // The mask is a ReLU output (>= 0): g kept except where it is +0.
                        kernel.reluMask(c, gf, mf, base, gof);
                    } else {
                        System.arraycopy(gf, base, gof, base, c);
                    }
                    for (int j = 0; j < c; j++) {
                        float v = gof[base + j];
                        a1[j] += v;
                        a2[j] += v * (xf[base + j] - meanF[j]);
                    }
                }
                for (int j = 0; j < c; j++) {
                    s1[o + j] = a1[j];
                    s2[o + j] = a2[j];
                }
            }
        });
        double[] sg = new double[c], sgx = new double[c];
        for (int p = 0; p < pieces; p++) {
            for (int j = 0; j < c; j++) {
                sg[j] += s1[p * c + j];
                sgx[j] += s2[p * c + j];
            }
        }
        return new double[][] {sg, sgx};
    }

    /** The input gradient, then (with affine) {@code dGamma = sum g xhat} and {@code dBeta = sum g}. */
    private static Tensor[] gradients(Tensor gx, Tensor gamma, double[] sg, double[] sgx, double[] invStd, DType dt) {
        if (gamma == null) return new Tensor[] {gx};
        double[] dGamma = new double[sg.length];
        for (int j = 0; j < sg.length; j++) dGamma[j] = sgx[j] * invStd[j];
        return new Tensor[] {
            gx, Tensor.of(dGamma, sg.length).to(dt), Tensor.of(sg, sg.length).to(dt)
        };
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }
}
