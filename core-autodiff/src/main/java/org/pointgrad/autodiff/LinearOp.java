package org.pointgrad.autodiff;

import java.util.Arrays;

/**
 * The fused affine map {@code x @ weight^T + bias} over (..., in) inputs with a PyTorch-layout (out, in) weight:
 * one matrix product in forward (bias and ReLU applied by the kernel as each tile is stored) and two in backward,
 * with no transposed copy.
 * A per-point layer over (batch, points, channels) is one large product, which is where training time goes.
 * When at most half the rows of a large upstream gradient are nonzero (below a max pool only the winning points get
 * one), backward multiplies only those rows; the other rows' input gradients are then exactly zero, even where an
 * infinite input or weight would have made the dense product NaN (0 * inf).
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
        if (weight.dim() != 2)
            throw new IllegalArgumentException("linear: weight must be (out, in), got " + Shapes.str(weight.shape));
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
        if (in == 0) rows = Shapes.numel(Arrays.copyOf(x.shape, x.dim() - 1));
        int[] outShape = x.shape.clone();
        outShape[outShape.length - 1] = out;
        Tensor y = Tensor.zeros(x.dtype, outShape);
        // Leading dimensions of at least 1, so an input with no features (k = 0) gives bias-then-ReLU on every kernel.
        MatmulOp.gemmBiasRelu(
                false, true, rows, out, in, x, 0, Math.max(1, in), weight, 0, Math.max(1, in), y, 0, out, bias, relu);
        final int n = rows;
        Tensor[] inputs = bias == null ? new Tensor[] {x, weight} : new Tensor[] {x, weight, bias};
        return Autograd.record(
                op,
                y,
                upstream -> {
                    // Through the ReLU the gradient survives exactly where the output is positive; the bias
                    // gradient is the column sum of that, taken in the same pass.
                    boolean biasGrad = bias != null && bias.requiresGrad;
                    MaskedGradient mg = maskAndSum(upstream, relu ? y : null, n, out, biasGrad);
                    Tensor g = mg.masked;
                    Tensor gx = null, gw = null, gb = null;
                    int[] live = mg.nonZeroRows;
                    if (live != null) {
                        // Most rows of the gradient are zero (below a max pool only the winning points get one):
                        // multiply just the live rows and scatter the input gradient back.
                        int m = live.length;
                        Tensor gl = ShapeOps.selectRaw(g, new int[] {n, out}, 0, live);
                        if (x.requiresGrad) {
                            Tensor gxl = Autograd.gradientBuffer(x.dtype, m, in);
                            MatmulOp.gemm(false, false, m, in, out, gl, 0, out, weight, 0, in, gxl, 0, in, false);
                            Tensor scattered = ShapeOps.scatterAddRaw(gxl, new int[] {n, in}, 0, live);
                            gx = scattered.d != null
                                    ? new Tensor(scattered.d, x.shape)
                                    : new Tensor(scattered.f, x.shape);
                        }
                        if (weight.requiresGrad) {
                            gw = Autograd.gradientBuffer(weight.dtype, weight.shape);
                            Tensor xl = ShapeOps.selectRaw(x, new int[] {n, in}, 0, live);
                            MatmulOp.gemm(true, false, out, in, m, gl, 0, out, xl, 0, in, gw, 0, in, false);
                        }
                    } else {
                        if (x.requiresGrad) {
                            gx = Autograd.gradientBuffer(x.dtype, x.shape);
                            MatmulOp.gemm(false, false, n, in, out, g, 0, out, weight, 0, in, gx, 0, in, false);
                        }
                        if (weight.requiresGrad) {
                            gw = Autograd.gradientBuffer(weight.dtype, weight.shape);
                            MatmulOp.gemm(true, false, out, in, n, g, 0, out, x, 0, in, gw, 0, in, false);
                        }
                    }
                    if (biasGrad) gb = Tensor.of(mg.columnSums, out).to(bias.dtype);
                    return bias == null ? new Tensor[] {gx, gw} : new Tensor[] {gx, gw, gb};
                },
                inputs);
    }

    /**
     * The upstream gradient after the ReLU mask (the same tensor without one), its column sums if asked, and the
     * indices of its rows that hold a nonzero when at most half of a large gradient's rows do (else null).
     */
    private record MaskedGradient(Tensor masked, double[] columnSums, int[] nonZeroRows) {}

    // Below this many rows the gather and scatter of the sparse path cost more than they save.
    private static final int SPARSE_MIN_ROWS = 1024;

    /**
     * {@code g} where {@code y > 0} (all of g when y is null) and, when {@code sums}, its column sums: in the element
     * type within chunks of at most 256 rows and in double across chunks (see ReluGradMask). Chunk sizes depend only
     * on the shape and chunk sums are added in chunk order, so the sums are the same for any thread count.
     */
    private static MaskedGradient maskAndSum(Tensor g, Tensor y, int rows, int out, boolean sums) {
        if (y == null && !sums) return new MaskedGradient(g, null, null);
        byte[] live = rows >= SPARSE_MIN_ROWS ? new byte[rows] : null;
        int chunkRows = Math.max(16, Math.min(256, EPILOGUE_CHUNK / Math.max(out, 1)));
        int chunks = Math.max(1, (rows + chunkRows - 1) / chunkRows);
        double[] partial = sums ? new double[chunks * out] : null;
        Tensor masked;
        if (g.d != null) {
            double[] m =
                    ReluGradMaskDouble.apply(g.d, y == null ? null : y.d, rows, out, chunkRows, chunks, partial, live);
            masked = y == null ? g : new Tensor(m, g.shape);
        } else {
            float[] m =
                    ReluGradMaskFloat.apply(g.f, y == null ? null : y.f, rows, out, chunkRows, chunks, partial, live);
            masked = y == null ? g : new Tensor(m, g.shape);
        }
        double[] total = null;
        if (sums) {
            total = new double[out];
            for (int c = 0; c < chunks; c++) for (int j = 0; j < out; j++) total[j] += partial[c * out + j];
        }
        int[] nonZero = null;
        if (live != null) {
            int count = 0;
            for (byte v : live) count += v;
            if (2L * count <= rows) {
                nonZero = new int[count];
                for (int r = 0, i = 0; r < rows; r++) if (live[r] != 0) nonZero[i++] = r;
            }
        }
        return new MaskedGradient(masked, total, nonZero);
    }
}
