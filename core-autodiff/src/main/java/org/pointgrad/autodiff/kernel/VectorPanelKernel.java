package org.pointgrad.autodiff.kernel;

/** {@link PanelKernel} of the Vector API kernel: argument checks around the panel loops of its GEMM. */
final class VectorPanelKernel implements PanelKernel {
    static final VectorPanelKernel INSTANCE = new VectorPanelKernel();

    private VectorPanelKernel() {}

    @Override
    public int panelPoints(boolean f64) {
        return f64 ? VectorDgemm.NR : VectorSgemm.NR;
    }

    @Override
    public int channelBlock(boolean f64) {
        return f64 ? VectorDgemm.MR : VectorSgemm.MR;
    }

    @Override
    public int maxInputs() {
        return Math.min(VectorSgemm.KC, VectorDgemm.KC);
    }

    @Override
    public float[] packWeights(int out, int in, float[] w, int wOff) {
        checkShape("packWeights", in, out);
        GemmArgs.vector("packWeights", "weight", out * in, w.length, wOff);
        return VectorSgemm.packWeights(out, in, w, wOff);
    }

    @Override
    public double[] packWeights(int out, int in, double[] w, int wOff) {
        checkShape("packWeights", in, out);
        GemmArgs.vector("packWeights", "weight", out * in, w.length, wOff);
        return VectorDgemm.packWeights(out, in, w, wOff);
    }

    @Override
    public void layer(
            int rows, int in, int out, float[] x, float[] wp, float[] bias, boolean relu, boolean epilogue, float[] y) {
        check("layer", rows, in, out, x.length, wp.length, bias.length, false);
        GemmArgs.vector("layer", "y", panelLength(rows, out, false), y.length, 0);
        VectorSgemm.panelLayer(rows, in, out, x, wp, bias, relu, epilogue, y);
    }

    @Override
    public void layer(
            int rows,
            int in,
            int out,
            double[] x,
            double[] wp,
            double[] bias,
            boolean relu,
            boolean epilogue,
            double[] y) {
        check("layer", rows, in, out, x.length, wp.length, bias.length, true);
        GemmArgs.vector("layer", "y", panelLength(rows, out, true), y.length, 0);
        VectorDgemm.panelLayer(rows, in, out, x, wp, bias, relu, epilogue, y);
    }

    @Override
    public void layerMax(int rows, int in, int out, float[] x, float[] wp, float[] bias, boolean relu, float[] lanes) {
        check("layerMax", rows, in, out, x.length, wp.length, bias.length, false);
        GemmArgs.vector("layerMax", "lanes", out * panelPoints(false), lanes.length, 0);
        VectorSgemm.panelLayerMax(rows, in, out, x, wp, bias, relu, lanes);
    }

    @Override
    public void layerMax(
            int rows, int in, int out, double[] x, double[] wp, double[] bias, boolean relu, double[] lanes) {
        check("layerMax", rows, in, out, x.length, wp.length, bias.length, true);
        GemmArgs.vector("layerMax", "lanes", out * panelPoints(true), lanes.length, 0);
        VectorDgemm.panelLayerMax(rows, in, out, x, wp, bias, relu, lanes);
    }

    @Override
    public void layerRows(
            int rows,
            int in,
            int out,
            float[] x,
            float[] wp,
            float[] bias,
            boolean relu,
            boolean epilogue,
            float[] dst,
            int dstOff) {
        check("layerRows", rows, in, out, x.length, wp.length, bias.length, false);
        GemmArgs.vector("layerRows", "output", rows * out, dst.length, dstOff);
        VectorSgemm.panelLayerRows(rows, in, out, x, wp, bias, relu, epilogue, dst, dstOff);
    }

    @Override
    public void layerRows(
            int rows,
            int in,
            int out,
            double[] x,
            double[] wp,
            double[] bias,
            boolean relu,
            boolean epilogue,
            double[] dst,
            int dstOff) {
        check("layerRows", rows, in, out, x.length, wp.length, bias.length, true);
        GemmArgs.vector("layerRows", "output", rows * out, dst.length, dstOff);
        VectorDgemm.panelLayerRows(rows, in, out, x, wp, bias, relu, epilogue, dst, dstOff);
    }

    @Override
    public void affineRelu(int rows, int t, int h, float[] x, float[] w, float[] bias, int biasOff, float[] y) {
        checkAffine(rows, t, h, x.length, w.length, bias.length, biasOff, y.length, false);
        VectorSgemm.panelAffineRelu(rows, t, h, x, w, bias, biasOff, y);
    }

    @Override
    public void affineRelu(int rows, int t, int h, double[] x, double[] w, double[] bias, int biasOff, double[] y) {
        checkAffine(rows, t, h, x.length, w.length, bias.length, biasOff, y.length, true);
        VectorDgemm.panelAffineRelu(rows, t, h, x, w, bias, biasOff, y);
    }

    private int panelLength(int rows, int channels, boolean f64) {
        int p = panelPoints(f64);
        return (rows + p - 1) / p * p * channels;
    }

    private void checkShape(String op, int in, int out) {
        if (in < 1 || out < 1 || in > maxInputs()) {
            throw new IllegalArgumentException("PanelKernel." + op + ": a layer of " + in + " to " + out
                    + " channels; expected 1.." + maxInputs() + " inputs and at least one output");
        }
    }

    private void check(String op, int rows, int in, int out, int xLen, int wpLen, int biasLen, boolean f64) {
        if (rows < 1)
            throw new IllegalArgumentException("PanelKernel." + op + ": expected at least one point, got " + rows);
        checkShape(op, in, out);
        int mr = channelBlock(f64), padded = (out + mr - 1) / mr * mr;
        GemmArgs.vector("PanelKernel." + op, "input panels", panelLength(rows, in, f64), xLen, 0);
        GemmArgs.vector("PanelKernel." + op, "packed weight", padded * in, wpLen, 0);
        GemmArgs.vector("PanelKernel." + op, "padded bias", padded, biasLen, 0);
    }

    private void checkAffine(int rows, int t, int h, int xLen, int wLen, int bLen, int bOff, int yLen, boolean f64) {
        if (rows < 1)
            throw new IllegalArgumentException("PanelKernel.affineRelu: expected at least one point, got " + rows);
        GemmArgs.vector("PanelKernel.affineRelu", "x", panelLength(rows, t, f64), xLen, 0);
        GemmArgs.vector("PanelKernel.affineRelu", "w", t * h, wLen, 0);
        GemmArgs.vector("PanelKernel.affineRelu", "bias", h, bLen, bOff);
        GemmArgs.vector("PanelKernel.affineRelu", "y", panelLength(rows, h, f64), yLen, 0);
    }
}
