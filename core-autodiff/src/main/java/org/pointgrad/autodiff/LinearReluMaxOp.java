package org.pointgrad.autodiff;

import org.pointgrad.autodiff.kernel.DgemmPackedB;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.MatmulKernel;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.autodiff.kernel.SgemmPackedB;
import org.pointgrad.autodiff.kernel.ThreadScratch;

/**
 * PointNet's last layer and its max pooling as one op: {@code y[b, j] = max_i relu(x[b, i, :] . W[j, :] + bias[j])}
 * for x (B, N, in). The layer's output is computed block by block in cache and reduced at once, so the (B, N, out)
 * activation is never stored; only the winning row per (shape, channel) is kept. The gradient of a max pool reaches
 * one row per channel, so backward is a sparse update of those rows instead of two dense products over all N rows.
 * <p>
 * Ties and NaN follow {@link Tensor#max(int, boolean)}: the first NaN wins, else the first maximal row. The ReLU
 * mask is applied to the pooled value as {@link Tensor#relu()} applies it to its output. Gradients equal the unfused
 * ops' up to rounding, except that rows the max pool does not select get exactly zero even where an infinite input or
 * weight would make the dense products NaN (0 * inf).
 */
final class LinearReluMaxOp {
    private LinearReluMaxOp() {}

    static Tensor apply(Tensor x, Tensor weight, Tensor bias) {
        if (x.dim() != 3 || weight.dim() != 2 || x.shape[1] == 0 || x.shape[2] != weight.shape[1]) {
            throw new IllegalArgumentException(
                    "linear_relu_max: expected input (B, N >= 1, in) and weight (out, in), got " + Shapes.str(x.shape)
                            + " and " + Shapes.str(weight.shape));
        }
        ElementwiseOps.checkDType("linear_relu_max", x, weight);
        int b = x.shape[0], n = x.shape[1], in = x.shape[2], out = weight.shape[0];
        if (bias != null) {
            ElementwiseOps.checkDType("linear_relu_max", x, bias);
            if (bias.dim() != 1 || bias.shape[0] != out) {
                throw new IllegalArgumentException(
                        "linear_relu_max: bias " + Shapes.str(bias.shape) + " must be (" + out + ")");
            }
        }
        boolean f64 = x.dtype == DType.FLOAT64;
        // The (out, in) weight packed once for all blocks, when the kernel packs; else every block packs it.
        int ldw = Math.max(1, in);
        DgemmPackedB packedD = f64 ? Kernels.matmul().packB(true, in, out, weight.d, 0, ldw) : null;
        SgemmPackedB packedF = f64 ? null : Kernels.matmul().packB(true, in, out, weight.f, 0, ldw);
        int blocksPerCloud = (n + Kernels.BLOCK_ROWS - 1) / Kernels.BLOCK_ROWS, blocks = b * blocksPerCloud;
        double[] bestD = f64 ? new double[blocks * out] : null;
        float[] bestF = f64 ? null : new float[blocks * out];
        int[] row = new int[blocks * out];
        Parallel.forEachPiece(blocks, 1, (from, to) -> {
            int size = Math.min(Kernels.BLOCK_ROWS, n) * out;
            MatmulKernel kernel = Kernels.matmul();
            for (int blk = from; blk < to; blk++) {
                int cloud = blk / blocksPerCloud,
                        r0 = blk % blocksPerCloud * Kernels.BLOCK_ROWS,
                        rows = Math.min(Kernels.BLOCK_ROWS, n - r0);
                int xOff = (cloud * n + r0) * in, lda = Math.max(1, in);
                // Slot 0; the kernel below does not use ThreadScratch.
                if (f64) {
                    double[] buf = ThreadScratch.doubles(0, size);
                    kernel.dgemmBiasRelu(
                            false,
                            true,
                            rows,
                            out,
                            in,
                            x.d,
                            xOff,
                            lda,
                            weight.d,
                            0,
                            ldw,
                            buf,
                            0,
                            out,
                            bias == null ? null : bias.d,
                            0,
                            true,
                            packedD);
                    FirstMaxDouble.firstMax(buf, rows, out, r0, bestD, row, blk * out);
                } else {
                    float[] buf = ThreadScratch.floats(0, size);
                    kernel.sgemmBiasRelu(
                            false,
                            true,
                            rows,
                            out,
                            in,
                            x.f,
                            xOff,
                            lda,
                            weight.f,
                            0,
                            ldw,
                            buf,
                            0,
                            out,
                            bias == null ? null : bias.f,
                            0,
                            true,
                            packedF);
                    FirstMaxFloat.firstMax(buf, rows, out, r0, bestF, row, blk * out);
                }
            }
        });
        // Blocks merge in row order, so the first winner stays the first.
        Tensor y = Tensor.zeros(x.dtype, b, out);
        int[] winner = new int[b * out];
        for (int c = 0; c < b; c++) {
            for (int j = 0; j < out; j++) {
                int p0 = c * blocksPerCloud * out + j, w = row[p0];
                double best = f64 ? bestD[p0] : bestF[p0];
                for (int k = 1; k < blocksPerCloud; k++) {
                    int p = p0 + k * out;
                    double v = f64 ? bestD[p] : bestF[p];
                    if (v > best || (v != v && best == best)) {
                        best = v;
                        w = row[p];
                    }
                }
                winner[c * out + j] = w;
                if (f64) y.d[c * out + j] = best;
                else y.f[c * out + j] = (float) best;
            }
        }
        Tensor[] inputs = bias == null ? new Tensor[] {x, weight} : new Tensor[] {x, weight, bias};
        return Autograd.record("linear_relu_max", y, g -> backward(g, y, winner, x, weight, bias, n), inputs);
    }

    /**
     * With e[b, j] the upstream gradient where the pooled value is not zero: the bias gets sum_b e, the weight row j
     * gets sum_b e[b, j] x[b, winner], and the input's winning rows get e[b, j] W[j] (summed in channel order).
     */
    private static Tensor[] backward(Tensor g, Tensor y, int[] winner, Tensor x, Tensor weight, Tensor bias, int n) {
        int b = y.shape[0], out = y.shape[1], in = weight.shape[1];
        boolean f64 = x.dtype == DType.FLOAT64;
        // The ReLU's mask on the pooled value, bit for bit as relu does it (drops +0 and a sign-bit NaN).
        double[] e = new double[b * out];
        for (int i = 0; i < e.length; i++) {
            boolean drop = f64 ? Double.doubleToRawLongBits(y.d[i]) - 1 < 0 : Float.floatToRawIntBits(y.f[i]) - 1 < 0;
            e[i] = drop ? 0 : f64 ? g.d[i] : g.f[i];
        }
        Tensor gx = null, gw = null, gb = null;
        if (x.requiresGrad) {
            Tensor gxt = Tensor.zeros(x.dtype, x.shape);
            // Shapes own disjoint rows.
            Parallel.forRange(b, 1, (c0, c1) -> {
                for (int c = c0; c < c1; c++) {
                    for (int j = 0; j < out; j++) {
                        double ej = e[c * out + j];
                        if (ej == 0) continue;
                        int xo = (c * n + winner[c * out + j]) * in, wo = j * in;
                        if (f64) {
                            for (int k = 0; k < in; k++) gxt.d[xo + k] += ej * weight.d[wo + k];
                        } else {
                            float ef = (float) ej;
                            for (int k = 0; k < in; k++) gxt.f[xo + k] += ef * weight.f[wo + k];
                        }
                    }
                }
            });
            gx = gxt;
        }
        if (weight.requiresGrad) {
            double[] acc = new double[out * in];
            Parallel.forRange(out, Math.max(1, 4096 / Math.max(1, b * in)), (j0, j1) -> {
                for (int j = j0; j < j1; j++) {
                    for (int c = 0; c < b; c++) {
                        double ej = e[c * out + j];
                        if (ej == 0) continue;
                        int xo = (c * n + winner[c * out + j]) * in, wo = j * in;
                        if (f64) {
                            for (int k = 0; k < in; k++) acc[wo + k] += ej * x.d[xo + k];
                        } else {
                            for (int k = 0; k < in; k++) acc[wo + k] += ej * x.f[xo + k];
                        }
                    }
                }
            });
            gw = Tensor.of(acc, out, in).to(weight.dtype);
        }
        if (bias != null && bias.requiresGrad) {
            double[] acc = new double[out];
            for (int c = 0; c < b; c++) for (int j = 0; j < out; j++) acc[j] += e[c * out + j];
            gb = Tensor.of(acc, out).to(bias.dtype);
        }
        return bias == null ? new Tensor[] {gx, gw} : new Tensor[] {gx, gw, gb};
    }
}
