package org.pointgrad.vae.model;

import java.util.Arrays;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.autodiff.kernel.Parallel;

/**
 * The first layer of an AtlasNet patch as one fused op: {@code relu(template @ wt^T + latent)} (or without the ReLU,
 * when a BatchNorm follows), where the latent part (B, H) already holds {@code z @ wz^T + bias} and is shared by all
 * points of a shape. The template has only 2 or 3 channels, far too few for a matrix product to pay off; this op
 * does the few multiply-adds per output inline, with the broadcast add and the ReLU, and its backward gets every
 * gradient from a single pass over the upstream gradient.
 */
final class PatchInputLayer {
    private PatchInputLayer() {}

    /**
     * @param template (B or 1, P, t) template points
     * @param wt       (H, t) the template columns of the first layer's weight
     * @param latent   (B, H) the latent columns applied to z, plus the bias
     * @param relu     apply the ReLU
     * @return (B, P, H)
     */
    static Tensor apply(Tensor template, Tensor wt, Tensor latent, boolean relu) {
        int[] ts = template.shape(), ws = wt.shape(), ls = latent.shape();
        if (ts.length != 3
                || ws.length != 2
                || ls.length != 2
                || ws[1] != ts[2]
                || ls[1] != ws[0]
                || (ts[0] != 1 && ts[0] != ls[0])) {
            throw new IllegalArgumentException(
                    "PatchInputLayer: expected template (B or 1, P, t), weight (H, t), latent (B, H); got "
                            + Arrays.toString(ts) + ", " + Arrays.toString(ws) + ", " + Arrays.toString(ls));
        }
        if (template.dtype() != wt.dtype() || latent.dtype() != wt.dtype()) {
            throw new IllegalArgumentException("PatchInputLayer: dtypes differ: template " + template.dtype()
                    + ", weight " + wt.dtype() + ", latent " + latent.dtype());
        }
        int b = ls[0], p = ts[1], t = ts[2], h = ws[0];
        boolean shared = ts[0] == 1;
        Tensor out = Tensor.zeros(wt.dtype(), b, p, h);
        // Rows of work per chunk: each row is one point's H outputs.
        int minRows = Math.max(1, (1 << 15) / Math.max(1, h * (t + 1)));
        if (wt.dtype() == DType.FLOAT64) {
            double[] tp = template.doubleData(), lat = latent.doubleData(), o = out.doubleData();
            double[][] wc = columns(wt.doubleData(), h, t);
            Parallel.forRange(b * p, minRows, (from, to) -> {
                for (int row = from; row < to; row++) {
                    int bi = row / p, pi = row % p;
                    forwardRow(tp, ((shared ? 0 : bi) * p + pi) * t, wc, h, lat, bi * h, o, row * h, relu);
                }
            });
        } else {
            float[] tp = template.floatData(), lat = latent.floatData(), o = out.floatData();
            float[][] wc = columns(wt.floatData(), h, t);
            Parallel.forRange(b * p, minRows, (from, to) -> {
                for (int row = from; row < to; row++) {
                    int bi = row / p, pi = row % p;
                    forwardRow(tp, ((shared ? 0 : bi) * p + pi) * t, wc, h, lat, bi * h, o, row * h, relu);
                }
            });
        }
        return Autograd.record(
                relu ? "patch_input_relu" : "patch_input",
                out,
                g -> {
                    // Per shape: gLatent[b] = sum_p r[b,p,:], gW[b] = sum_p r[b,p,:] (x) template[b,p,:],
                    // gTemplate = r @ wt, with r the upstream gradient where the output is positive. Shapes are
                    // summed in order afterwards, so the result does not depend on how the batch is split across
                    // threads.
                    int[] gShape = {b, p, t};
                    double[] gLat = new double[b * h], gW = new double[b * h * t];
                    double[] gTmpl = template.requiresGrad() ? new double[b * p * t] : null;
                    boolean f64 = g.dtype() == DType.FLOAT64;
                    double[] gd = f64 ? g.doubleData() : null,
                            od = f64 ? out.doubleData() : null,
                            tpd = f64 ? template.doubleData() : null;
                    float[] gf = f64 ? null : g.floatData(),
                            of = f64 ? null : out.floatData(),
                            tpf = f64 ? null : template.floatData();
                    double[][] wcd = f64 ? columns(wt.doubleData(), h, t) : null;
                    float[][] wcf = f64 ? null : columns(wt.floatData(), h, t);
                    Parallel.forRange(b, 1, (from, to) -> {
                        double[] r = new double[h];
                        float[] rf = new float[h], latAcc = new float[h], wAcc = new float[h * t];
                        for (int bi = from; bi < to; bi++) {
                            if (!f64) {
                                Arrays.fill(latAcc, 0f);
                                Arrays.fill(wAcc, 0f);
                            }
                            for (int pi = 0; pi < p; pi++) {
                                int row = bi * p + pi, oOff = row * h;
                                int tOff = ((shared ? 0 : bi) * p + pi) * t;
                                if (f64) {
                                    for (int j = 0; j < h; j++) {
                                        long k = relu ? (Double.doubleToRawLongBits(od[oOff + j]) - 1) >> 63 : 0;
                                        r[j] = Double.longBitsToDouble(Double.doubleToRawLongBits(gd[oOff + j]) & ~k);
                                    }
                                    for (int j = 0; j < h; j++) gLat[bi * h + j] += r[j];
                                    for (int c = 0; c < t; c++) {
                                        double tc = tpd[tOff + c];
                                        int wOff = (bi * t + c) * h;
                                        for (int j = 0; j < h; j++) gW[wOff + j] += r[j] * tc;
                                        if (gTmpl != null) {
                                            double s = 0;
                                            double[] w = wcd[c];
                                            for (int j = 0; j < h; j++) s += r[j] * w[j];
                                            gTmpl[row * t + c] = s;
                                        }
                                    }
                                } else {
                                    // Float sums over one shape's points (P terms) are accurate enough;
                                    // shapes add in double.
                                    for (int j = 0; j < h; j++) {
                                        int k = relu ? (Float.floatToRawIntBits(of[oOff + j]) - 1) >> 31 : 0;
                                        rf[j] = Float.intBitsToFloat(Float.floatToRawIntBits(gf[oOff + j]) & ~k);
                                    }
                                    for (int j = 0; j < h; j++) latAcc[j] += rf[j];
                                    for (int c = 0; c < t; c++) {
                                        float tc = tpf[tOff + c];
                                        int wOff = c * h;
                                        for (int j = 0; j < h; j++) wAcc[wOff + j] += rf[j] * tc;
                                        if (gTmpl != null) {
                                            double s = 0;
                                            float[] w = wcf[c];
                                            for (int j = 0; j < h; j++) s += rf[j] * w[j];
                                            gTmpl[row * t + c] = s;
                                        }
                                    }
                                }
                            }
                            if (!f64) {
                                for (int j = 0; j < h; j++) gLat[bi * h + j] = latAcc[j];
                                for (int i = 0; i < h * t; i++) gW[bi * h * t + i] = wAcc[i];
                            }
                        }
                    });
                    // gW holds per shape (t, H) blocks; the weight gradient is (H, t).
                    double[] gWt = new double[h * t];
                    for (int bi = 0; bi < b; bi++) {
                        for (int c = 0; c < t; c++) {
                            for (int j = 0; j < h; j++) gWt[j * t + c] += gW[(bi * t + c) * h + j];
                        }
                    }
                    DType dt = g.dtype();
                    return new Tensor[] {
                        gTmpl == null ? null : Tensor.of(gTmpl, gShape).to(dt),
                        Tensor.of(gWt, h, t).to(dt),
                        Tensor.of(gLat, b, h).to(dt)
                    };
                },
                template,
                wt,
                latent);
    }

    /**
     * One output row: {@code o[oOff + j] = max(lat[lOff + j] + sum_c tp[tOff + c] * wc[c][j], 0)} (no max without
     * {@code relu}), summed in c order without fused multiply-add. Shared with the decoder's graph-free path, which
     * must give the same values.
     */
    static void forwardRow(
            double[] tp, int tOff, double[][] wc, int h, double[] lat, int lOff, double[] o, int oOff, boolean relu) {
        System.arraycopy(lat, lOff, o, oOff, h);
        for (double[] w : wc) {
            double tc = tp[tOff++];
            for (int j = 0; j < h; j++) o[oOff + j] += tc * w[j];
        }
        if (relu) for (int j = 0; j < h; j++) o[oOff + j] = Math.max(o[oOff + j], 0.0);
    }

    /** Single-precision {@link #forwardRow(double[], int, double[][], int, double[], int, double[], int, boolean)}. */
    static void forwardRow(
            float[] tp, int tOff, float[][] wc, int h, float[] lat, int lOff, float[] o, int oOff, boolean relu) {
        System.arraycopy(lat, lOff, o, oOff, h);
        for (float[] w : wc) {
            float tc = tp[tOff++];
            for (int j = 0; j < h; j++) o[oOff + j] += tc * w[j];
        }
        if (relu) for (int j = 0; j < h; j++) o[oOff + j] = Math.max(o[oOff + j], 0f);
    }

    static double[][] columns(double[] w, int h, int t) {
        double[][] c = new double[t][h];
        for (int j = 0; j < h; j++) for (int k = 0; k < t; k++) c[k][j] = w[j * t + k];
        return c;
    }

    static float[][] columns(float[] w, int h, int t) {
        float[][] c = new float[t][h];
        for (int j = 0; j < h; j++) for (int k = 0; k < t; k++) c[k][j] = w[j * t + k];
        return c;
    }
}
