package org.pointgrad.autodiff;

import org.pointgrad.autodiff.kernel.Parallel;

/**
 * The fused affine map {@code x @ weight^T + bias} over (..., in) inputs with a PyTorch-layout (out, in) weight:
 * one matrix product in forward (bias and ReLU applied by the kernel as each tile is stored) and two in backward,
 * with no transposed copy.
 * A per-point layer over (batch, points, channels) is one large product, which is where training time goes.
 */
final class LinearOp {
    private LinearOp() {}

    // Rows per parallel chunk of the elementwise epilogues, in elements: below this, forking costs more than it saves.
    private static final int EPILOGUE_CHUNK = 1 << 15;

    static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return affine("linear", x, weight, bias, false);
    }

    /** {@code relu(x @ weight^T + bias)} as one op: bias and ReLU fused into the product, no extra tensor. */
    static Tensor linearRelu(Tensor x, Tensor weight, Tensor bias) {
        return affine("linear_relu", x, weight, bias, true);
    }

    private static Tensor affine(String op, Tensor x, Tensor weight, Tensor bias, boolean relu) {
        if (weight.dim() != 2) throw new IllegalArgumentException("linear: weight must be (out, in), got " + Shapes.str(weight.shape));
        if (x.dim() < 1) throw new IllegalArgumentException("linear: input must have rank >= 1, got a scalar");
        int out = weight.shape[0], in = weight.shape[1];
        if (x.shape[x.dim() - 1] != in) {
            throw new IllegalArgumentException("linear: input " + Shapes.str(x.shape) + " has " + x.shape[x.dim() - 1]
                    + " features but weight " + Shapes.str(weight.shape) + " expects " + in);
        }
        ElementwiseOps.checkDType("linear", x, weight);
        if (bias != null) {
            ElementwiseOps.checkDType("linear", x, bias);
            if (bias.dim() != 1 || bias.shape[0] != out) {
                throw new IllegalArgumentException("linear: bias " + Shapes.str(bias.shape) + " must be (" + out + ")");
            }
        }
        int rows = x.numel() / Math.max(in, 1);
        if (in == 0) rows = Shapes.numel(java.util.Arrays.copyOf(x.shape, x.dim() - 1));
        int[] outShape = x.shape.clone();
        outShape[outShape.length - 1] = out;
        Tensor y = Tensor.zeros(x.dtype, outShape);
        MatmulOp.gemmBiasRelu(false, true, rows, out, in, x, 0, in, weight, 0, in, y, 0, out, bias, relu);
        final int n = rows;
        Tensor[] inputs = bias == null ? new Tensor[] {x, weight} : new Tensor[] {x, weight, bias};
        return Autograd.record(op, y, upstream -> {
            // Through the ReLU the gradient survives exactly where the output is positive.
            Tensor g = relu ? reluMask(upstream, y, n, out) : upstream;
            Tensor gx = null, gw = null, gb = null;
            if (x.requiresGrad) {
                gx = Tensor.zeros(x.dtype, x.shape);
                MatmulOp.gemm(false, false, n, in, out, g, 0, out, weight, 0, in, gx, 0, in, false);
            }
            if (weight.requiresGrad) {
                gw = Tensor.zeros(weight.dtype, weight.shape);
                MatmulOp.gemm(true, false, out, in, n, g, 0, out, x, 0, in, gw, 0, in, false);
            }
            if (bias != null && bias.requiresGrad) {
                gb = Tensor.zeros(bias.dtype, bias.shape);
                // Threads take disjoint column ranges, so every sum runs over the rows in the same order as serially.
                int minCols = (long) n * out >= EPILOGUE_CHUNK ? 1 : out;
                if (g.d != null) {
                    double[] acc = gb.d, gd = g.d;
                    Parallel.forRange(out, minCols, (j0, j1) -> {
                        for (int r = 0; r < n; r++) for (int j = j0, o = r * out; j < j1; j++) acc[j] += gd[o + j];
                    });
                } else {
                    // Accumulate float gradients in double: the sum runs over every point of the batch.
                    double[] acc = new double[out];
                    float[] gf = g.f, gbf = gb.f;
                    Parallel.forRange(out, minCols, (j0, j1) -> {
                        for (int r = 0; r < n; r++) for (int j = j0, o = r * out; j < j1; j++) acc[j] += gf[o + j];
                        for (int j = j0; j < j1; j++) gbf[j] = (float) acc[j];
                    });
                }
            }
            return bias == null ? new Tensor[] {gx, gw} : new Tensor[] {gx, gw, gb};
        }, inputs);
    }

    /**
     * {@code g} where {@code y > 0}, else 0, branch-free: a ReLU output's bit pattern minus one is negative only for
     * +0 and -0, so its sign bit spread over the word masks out exactly the dropped entries.
     */
    private static Tensor reluMask(Tensor g, Tensor y, int rows, int out) {
        int minRows = Math.max(1, EPILOGUE_CHUNK / Math.max(out, 1));
        if (g.d != null) {
            double[] gd = g.d, yd = y.d, r = new double[gd.length];
            Parallel.forRange(rows, minRows, (from, to) -> {
                for (int i = from * out, end = to * out; i < end; i++) {
                    long k = (Double.doubleToRawLongBits(yd[i]) - 1) >> 63;
                    r[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(gd[i]) & ~k);
                }
            });
            return new Tensor(r, g.shape);
        }
        float[] gf = g.f, yf = y.f, r = new float[gf.length];
        Parallel.forRange(rows, minRows, (from, to) -> {
            for (int i = from * out, end = to * out; i < end; i++) {
                int k = (Float.floatToRawIntBits(yf[i]) - 1) >> 31;
                r[i] = Float.intBitsToFloat(Float.floatToRawIntBits(gf[i]) & ~k);
            }
        });
        return new Tensor(r, g.shape);
    }
}
