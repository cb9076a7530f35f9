package org.pointgrad.autodiff.kernel;

/**
 * Products in <em>panel layout</em>, for chains of per-point layers whose activations never leave it: points in
 * panels of {@link #panelPoints} (P), element (channel c, point i) of a C-channel block at
 * {@code (i / P) * C * P + c * P + i % P}, which is the layout the kernel packs op(B) into. Weights are packed once
 * ({@link #packWeights}) into panels of {@link #channelBlock} output channels. Every output is one multiply-add chain
 * over the inputs in order, then the bias, then the ReLU, so values equal those of
 * {@link MatmulKernel#sgemmBiasRelu} for up to {@link #maxInputs} inputs. Implementations are stateless and
 * thread-safe.
 */
public interface PanelKernel {
    /** Points per panel for float ({@code f64 = false}) or double data. */
    int panelPoints(boolean f64);

    /** Output channels per packed weight panel; biases are padded to a multiple of it with zeros. */
    int channelBlock(boolean f64);

    /** Most inputs a layer may have: one k-block, so its sums are those of the row-major products. */
    int maxInputs();

    /** An (out, in) row-major weight at {@code w[wOff]} packed into weight panels, zero-padded. */
    float[] packWeights(int out, int in, float[] w, int wOff);

    /** Double-precision form of {@link #packWeights(int, int, float[], int)}. */
    double[] packWeights(int out, int in, double[] w, int wOff);

    /**
     * One layer from panels {@code x} ({@code in} channels) to panels {@code y} ({@code out} channels) over
     * {@code rows} points: {@code act(x W^T + bias)} with the packed weight {@code wp} and a padded bias; without
     * {@code epilogue} the plain product is stored (no bias, no ReLU).
     */
    void layer(
            int rows, int in, int out, float[] x, float[] wp, float[] bias, boolean relu, boolean epilogue, float[] y);

    /** Double-precision form of {@link #layer(int, int, int, float[], float[], float[], boolean, boolean, float[])}. */
    void layer(
            int rows,
            int in,
            int out,
            double[] x,
            double[] wp,
            double[] bias,
            boolean relu,
            boolean epilogue,
            double[] y);

    /**
     * A layer whose output is never stored but maxed into lane maxima: {@code lanes[c * P + l] = max(that, output of
     * channel c at every valid point i with i % P == l)} (NaN propagates, as in {@link Math#max}).
     */
    void layerMax(int rows, int in, int out, float[] x, float[] wp, float[] bias, boolean relu, float[] lanes);

    /** Double-precision form of {@link #layerMax(int, int, int, float[], float[], float[], boolean, float[])}. */
    void layerMax(int rows, int in, int out, double[] x, double[] wp, double[] bias, boolean relu, double[] lanes);

    /** A layer stored row-major: point i's channel c at {@code dst[dstOff + i * out + c]}, valid points only. */
    void layerRows(
            int rows,
            int in,
            int out,
            float[] x,
            float[] wp,
            float[] bias,
            boolean relu,
            boolean epilogue,
            float[] dst,
            int dstOff);

    /**
     * Double-precision form of
     * {@link #layerRows(int, int, int, float[], float[], float[], boolean, boolean, float[], int)}.
     */
    void layerRows(
            int rows,
            int in,
            int out,
            double[] x,
            double[] wp,
            double[] bias,
            boolean relu,
            boolean epilogue,
            double[] dst,
            int dstOff);

    /**
     * A ReLU layer with few inputs: {@code y[j] = max(bias[biasOff + j] + x[0] w[j] + x[1] w[h + j] + ..., 0)} per
     * point, x in panels of t channels, y in panels of h channels, w column-major (t x h). Products are rounded
     * before they are added, in input order, without fused multiply-add, so values equal the same scalar Java sums.
     */
    void affineRelu(int rows, int t, int h, float[] x, float[] w, float[] bias, int biasOff, float[] y);

    /** Double-precision form of {@link #affineRelu(int, int, int, float[], float[], float[], int, float[])}. */
    void affineRelu(int rows, int t, int h, double[] x, double[] w, double[] bias, int biasOff, double[] y);
}
