package org.pointgrad.autodiff.kernel;

/**
 * A chain of per-point linear layers ({@code y = act(x W^T + b)}, act = ReLU or identity) prepared for many blocks of
 * points, from {@link MatmulKernel#pointMlp}. Activations are kept in <em>panel layout</em>: points in panels of
 * {@link #panelPoints()}, element (channel c, point i) of a C-channel block at
 * {@code (i / P) * C * P + c * P + i % P} with P = panelPoints. Each layer's output is produced in the layout the
 * next layer reads, so no activation is repacked between layers (the row-major path packs every layer's input).
 * <p>
 * Values equal those of {@link MatmulKernel#sgemmBiasRelu} layer by layer (up to the sign of a zero in
 * {@link #maxPool}, which adds a zero bias where a layer has none): every output is one multiply-add chain over the
 * inputs in order, then the bias, then the ReLU. Instances are immutable and thread-safe; the weights are
 * copied when the plan is made, so later changes to them are not seen.
 */
public final class PointMlp {
    private final boolean f64;
    private final int[] in, out;
    private final Object[] weights, biases;
    private final boolean[] relu, epilogue;
    private final int panel, maxWidth;

    /** Per-thread ping-pong panels, grown as needed. */
    private static final class Scratch {
        float[] f0 = new float[0], f1 = new float[0];
        double[] d0 = new double[0], d1 = new double[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Layer i maps {@code in[i]} to {@code out[i]} channels with the (out, in) row-major weight {@code weights[i]}
     * (float[] or double[], all of one kind), bias {@code biases[i]} (may be null) and ReLU when {@code relu[i]}.
     */
    PointMlp(int[] in, int[] out, Object[] weights, Object[] biases, boolean[] relu) {
        int n = in.length;
        if (n == 0 || out.length != n || weights.length != n || biases.length != n || relu.length != n) {
            throw new IllegalArgumentException("PointMlp: expected one in/out/weight/bias/relu entry per layer, got "
                    + in.length + "/" + out.length + "/" + weights.length + "/" + biases.length + "/" + relu.length);
        }
        this.f64 = weights[0] instanceof double[];
        this.in = in.clone();
        this.out = out.clone();
        this.relu = relu.clone();
        this.weights = new Object[n];
        this.biases = new Object[n];
        this.epilogue = new boolean[n];
        int mr = f64 ? VectorDgemm.MR : VectorSgemm.MR, width = 0;
        for (int i = 0; i < n; i++) {
            if (in[i] < 1 || out[i] < 1 || in[i] > maxInputs() || (i > 0 && in[i] != out[i - 1])) {
                throw new IllegalArgumentException("PointMlp: layer " + i + " maps " + in[i] + " to " + out[i]
                        + " channels; expected 1.." + maxInputs() + " inputs, equal to the previous layer's outputs");
            }
            Object w = weights[i], b = biases[i];
            if ((w instanceof double[]) != f64 || (b != null && (b instanceof double[]) != f64)) {
                throw new IllegalArgumentException("PointMlp: layer " + i + ": expected " + (f64 ? "double" : "float")
                        + " weight and bias, like layer 0's weight");
            }
            GemmArgs.vector("pointMlp", "weight", out[i] * in[i], length(w), 0);
            this.weights[i] = f64
                    ? VectorDgemm.packWeights(out[i], in[i], (double[]) w, 0)
                    : VectorSgemm.packWeights(out[i], in[i], (float[]) w, 0);
            // Padded to whole row panels; the padding channels' bias is zero.
            int padded = (out[i] + mr - 1) / mr * mr;
            Object bp = f64 ? new double[padded] : new float[padded];
            if (b != null) {
                GemmArgs.vector("pointMlp", "bias", out[i], length(b), 0);
                System.arraycopy(b, 0, bp, 0, out[i]);
            }
            this.biases[i] = bp;
            // Without a bias or ReLU the row-major path stores the plain product, so this one does too.
            this.epilogue[i] = b != null || relu[i];
            // Only the layers before the last store panels; the last one is pooled or written row-major.
            if (i < n - 1) width = Math.max(width, out[i]);
        }
        this.panel = f64 ? VectorDgemm.NR : VectorSgemm.NR;
        this.maxWidth = Math.max(width, 1);
    }

    /** Most inputs a layer may have: one k-block of the kernel, so its sums are those of the row-major products. */
    static int maxInputs() {
        return VectorSgemm.KC;
    }

    /** Points per panel. */
    public int panelPoints() {
        return panel;
    }

    /** Channels of the first layer's input. */
    public int inChannels() {
        return in[0];
    }

    /** Channels of the last layer's output. */
    public int outChannels() {
        return out[out.length - 1];
    }

    /** True for a double-precision plan. */
    public boolean isDouble() {
        return f64;
    }

    /** Elements of a panel-layout block of {@code rows} points and {@code channels} channels (padding included). */
    public int panelLength(int rows, int channels) {
        return (rows + panel - 1) / panel * panel * channels;
    }

    /**
     * Copies {@code rows} points of {@code channels} values each, row-major from {@code x[xOff]}, into panel layout at
     * {@code panels[0]}; padding points are zero.
     */
    public void toPanels(int rows, int channels, Object x, int xOff, Object panels) {
        int p = panel, full = (rows + p - 1) / p * p;
        checkKind("toPanels", x, panels);
        GemmArgs.vector("PointMlp.toPanels", "x", rows * channels, length(x), xOff);
        GemmArgs.vector("PointMlp.toPanels", "panels", panelLength(rows, channels), length(panels), 0);
        if (x instanceof double[] xd) {
            double[] d = (double[]) panels;
            for (int i = 0; i < full; i++) {
                int base = i / p * channels * p + i % p;
                for (int c = 0; c < channels; c++) d[base + c * p] = i < rows ? xd[xOff + i * channels + c] : 0.0;
            }
        } else {
            float[] xf = (float[]) x, d = (float[]) panels;
            for (int i = 0; i < full; i++) {
                int base = i / p * channels * p + i % p;
                for (int c = 0; c < channels; c++) d[base + c * p] = i < rows ? xf[xOff + i * channels + c] : 0f;
            }
        }
    }

    /** Elements of the lane maxima that {@link #maxPool} updates: {@link #outChannels()} x {@link #panelPoints()}. */
    public int lanesLength() {
        return outChannels() * panel;
    }

    /**
     * Runs all layers over {@code rows >= 1} points given in panel layout ({@link #inChannels()} channels) and maxes
     * the last layer's output into lane maxima, never storing it: {@code lanes[c * P + l] = max(that,
     * output of channel c at every point i with i % P == l)}, P = panelPoints. Start the lanes at -infinity; several
     * blocks of one cloud may max into the same lanes before {@link #reduceLanes} (NaN propagates, as in
     * {@link Math#max}).
     */
    public void maxPool(int rows, Object panels, Object lanes) {
        int last = in.length - 1, o = out[last];
        checkInput(rows, panels);
        GemmArgs.vector("PointMlp.maxPool", "lanes", lanesLength(), length(lanes), 0);
        Object x = hidden(rows, panels);
        if (f64) {
            VectorDgemm.panelLayerMax(
                    rows,
                    in[last],
                    o,
                    (double[]) x,
                    (double[]) weights[last],
                    (double[]) biases[last],
                    relu[last],
                    (double[]) lanes);
        } else {
            VectorSgemm.panelLayerMax(
                    rows, in[last], o, (float[]) x, (float[]) weights[last], (float[]) biases[last], relu[last], (float
                                    [])
                            lanes);
        }
    }

    /** {@code into[intoOff + c] = max(into[intoOff + c], lanes of channel c)}: the pooled features from {@link #maxPool}'s lanes. */
    public void reduceLanes(Object lanes, Object into, int intoOff) {
        int o = outChannels(), p = panel;
        checkKind("reduceLanes", lanes, into);
        GemmArgs.vector("PointMlp.reduceLanes", "lanes", lanesLength(), length(lanes), 0);
        if (f64) {
            double[] lm = (double[]) lanes, dst = (double[]) into;
            GemmArgs.vector("PointMlp.reduceLanes", "into", o, dst.length, intoOff);
            for (int c = 0; c < o; c++) {
                double m = dst[intoOff + c];
                for (int l = 0; l < p; l++) m = Math.max(m, lm[c * p + l]);
                dst[intoOff + c] = m;
            }
        } else {
            float[] lm = (float[]) lanes, dst = (float[]) into;
            GemmArgs.vector("PointMlp.reduceLanes", "into", o, dst.length, intoOff);
            for (int c = 0; c < o; c++) {
                float m = dst[intoOff + c];
                for (int l = 0; l < p; l++) m = Math.max(m, lm[c * p + l]);
                dst[intoOff + c] = m;
            }
        }
    }

    /**
     * A ReLU layer with few inputs in panel layout, outside the chain (AtlasNet's first layer, whose bias is a
     * per-shape latent row): {@code y[j] = max(bias[biasOff + j] + x[0] w[j] + x[1] w[h + j] + ..., 0)} per point,
     * x in panels of t channels, y in panels of h channels, w column-major (t x h). Products are rounded before they
     * are added, in input order, without fused multiply-add, so values equal the same scalar Java sums.
     */
    public void affineReluPanels(int rows, int t, int h, Object x, Object w, Object bias, int biasOff, Object y) {
        checkKind("affineReluPanels", x, w);
        checkKind("affineReluPanels", bias, y);
        GemmArgs.vector("PointMlp.affineReluPanels", "x", panelLength(rows, t), length(x), 0);
        GemmArgs.vector("PointMlp.affineReluPanels", "w", t * h, length(w), 0);
        GemmArgs.vector("PointMlp.affineReluPanels", "bias", h, length(bias), biasOff);
        GemmArgs.vector("PointMlp.affineReluPanels", "y", panelLength(rows, h), length(y), 0);
        if (f64)
            VectorDgemm.panelAffineRelu(rows, t, h, (double[]) x, (double[]) w, (double[]) bias, biasOff, (double[]) y);
        else VectorSgemm.panelAffineRelu(rows, t, h, (float[]) x, (float[]) w, (float[]) bias, biasOff, (float[]) y);
    }

    /**
     * Runs all layers over {@code rows >= 1} points given in panel layout and stores the last layer's output
     * row-major: point i's channel c at {@code dst[dstOff + i * outChannels + c]}.
     */
    public void forwardRows(int rows, Object panels, Object dst, int dstOff) {
        int last = in.length - 1;
        checkInput(rows, panels);
        GemmArgs.vector("PointMlp.forwardRows", "output", rows * out[last], length(dst), dstOff);
        Object x = hidden(rows, panels);
        if (f64) {
            VectorDgemm.panelLayerRows(
                    rows,
                    in[last],
                    out[last],
                    (double[]) x,
                    (double[]) weights[last],
                    (double[]) biases[last],
                    relu[last],
                    epilogue[last],
                    (double[]) dst,
                    dstOff);
        } else {
            VectorSgemm.panelLayerRows(
                    rows,
                    in[last],
                    out[last],
                    (float[]) x,
                    (float[]) weights[last],
                    (float[]) biases[last],
                    relu[last],
                    epilogue[last],
                    (float[]) dst,
                    dstOff);
        }
    }

    private void checkKind(String op, Object a, Object b) {
        if ((a instanceof double[]) != f64 || (b instanceof double[]) != f64) {
            throw new IllegalArgumentException("PointMlp." + op + ": expected " + (f64 ? "double" : "float")
                    + " arrays for this " + (f64 ? "double" : "float") + " plan");
        }
    }

    private static int length(Object a) {
        return a instanceof double[] d ? d.length : ((float[]) a).length;
    }

    private void checkInput(int rows, Object panels) {
        if (rows < 1) throw new IllegalArgumentException("PointMlp: expected at least one point, got " + rows);
        if (f64 != panels instanceof double[]) {
            throw new IllegalArgumentException("PointMlp: expected " + (f64 ? "double" : "float") + " panels");
        }
        GemmArgs.vector("PointMlp", "input panels", panelLength(rows, in[0]), length(panels), 0);
    }

    /** Runs every layer but the last; returns the panels that feed the last one. */
    private Object hidden(int rows, Object panels) {
        int last = in.length - 1;
        if (last == 0) return panels;
        Scratch s = SCRATCH.get();
        int len = panelLength(rows, maxWidth);
        Object x = panels;
        for (int i = 0; i < last; i++) {
            if (f64) {
                if (s.d0.length < len) {
                    s.d0 = new double[len];
                    s.d1 = new double[len];
                }
                double[] y = x == s.d0 ? s.d1 : s.d0;
                VectorDgemm.panelLayer(
                        rows,
                        in[i],
                        out[i],
                        (double[]) x,
                        (double[]) weights[i],
                        (double[]) biases[i],
                        relu[i],
                        epilogue[i],
                        y);
                x = y;
            } else {
                if (s.f0.length < len) {
                    s.f0 = new float[len];
                    s.f1 = new float[len];
                }
                float[] y = x == s.f0 ? s.f1 : s.f0;
                VectorSgemm.panelLayer(
                        rows,
                        in[i],
                        out[i],
                        (float[]) x,
                        (float[]) weights[i],
                        (float[]) biases[i],
                        relu[i],
                        epilogue[i],
                        y);
                x = y;
            }
        }
        return x;
    }
}
