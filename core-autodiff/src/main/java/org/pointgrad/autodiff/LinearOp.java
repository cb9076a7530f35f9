package org.pointgrad.autodiff;

/**
 * The fused affine map {@code x @ weight^T + bias} over (..., in) inputs with a PyTorch-layout (out, in) weight:
 * one matrix product in forward and two in backward, with no transposed copy and the bias added in place.
 * A per-point layer over (batch, points, channels) is one large product, which is where training time goes.
 */
final class LinearOp {
    private LinearOp() {}

    static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
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
        MatmulOp.gemm(false, true, rows, out, in, x, 0, in, weight, 0, in, y, 0, out, false);
        if (bias != null) {
            if (y.d != null) {
                double[] yd = y.d, bd = bias.d;
                for (int r = 0; r < rows; r++) for (int j = 0, o = r * out; j < out; j++) yd[o + j] += bd[j];
            } else {
                float[] yf = y.f, bf = bias.f;
                for (int r = 0; r < rows; r++) for (int j = 0, o = r * out; j < out; j++) yf[o + j] += bf[j];
            }
        }
        final int n = rows;
        Tensor[] inputs = bias == null ? new Tensor[] {x, weight} : new Tensor[] {x, weight, bias};
        return Autograd.record("linear", y, g -> {
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
                if (g.d != null) {
                    double[] acc = gb.d, gd = g.d;
                    for (int r = 0; r < n; r++) for (int j = 0, o = r * out; j < out; j++) acc[j] += gd[o + j];
                } else {
                    // Accumulate float gradients in double: the sum runs over every point of the batch.
                    double[] acc = new double[out];
                    float[] gf = g.f;
                    for (int r = 0; r < n; r++) for (int j = 0, o = r * out; j < out; j++) acc[j] += gf[o + j];
                    for (int j = 0; j < out; j++) gb.f[j] = (float) acc[j];
                }
            }
            return bias == null ? new Tensor[] {gx, gw} : new Tensor[] {gx, gw, gb};
        }, inputs);
    }
}
