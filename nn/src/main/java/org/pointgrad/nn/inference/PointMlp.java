package org.pointgrad.nn.inference;

import java.util.List;
import java.util.Optional;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.PanelKernel;

/**
 * A chain of per-point layers ({@link DenseStage}s) prepared for many blocks of points in the kernel's panel layout
 * ({@link PanelKernel}): each layer's output is produced in the layout the next layer reads, so no activation is
 * repacked between layers (the row-major path packs every layer's input).
 * <p>
 * Values equal those of {@link org.pointgrad.autodiff.kernel.MatmulKernel#sgemmBiasRelu} layer by layer (up to the
 * sign of a zero in {@link #maxPool}, which adds a zero bias where a layer has none). Instances are immutable and
 * thread-safe; the weights are packed when the plan is made, so later changes to them are not seen (an
 * {@link InferencePlanner} plan is rebuilt instead). Arrays are {@code float[]} or {@code double[]} after the
 * stages' dtype.
 */
public final class PointMlp {
    private final PanelKernel kernel;
    private final boolean f64;
    private final int[] in, out;
    private final float[][] weightsF, biasesF;
    private final double[][] weightsD, biasesD;
    private final boolean[] relu, epilogue;
    private final int panel, maxWidth;

    /** Per-thread ping-pong panels, grown as needed. */
    private static final class Scratch {
        float[] f0 = new float[0], f1 = new float[0];
        double[] d0 = new double[0], d1 = new double[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private PointMlp(PanelKernel kernel, List<DenseStage> stages) {
        int n = stages.size();
        this.kernel = kernel;
        this.f64 = stages.get(0).dtype() == DType.FLOAT64;
        this.in = new int[n];
        this.out = new int[n];
        this.relu = new boolean[n];
        this.epilogue = new boolean[n];
        this.weightsF = f64 ? null : new float[n][];
        this.biasesF = f64 ? null : new float[n][];
        this.weightsD = f64 ? new double[n][] : null;
        this.biasesD = f64 ? new double[n][] : null;
        int mr = kernel.channelBlock(f64), width = 0;
        for (int i = 0; i < n; i++) {
            DenseStage s = stages.get(i);
            in[i] = s.in();
            out[i] = s.out();
            relu[i] = s.relu();
            if (s.dtype() != stages.get(0).dtype() || (i > 0 && in[i] != out[i - 1])) {
                throw new IllegalArgumentException("PointMlp: stage " + i + " maps " + in[i] + " " + s.dtype()
                        + " channels to " + out[i] + "; expected " + (i == 0 ? in[i] : out[i - 1]) + " "
                        + stages.get(0).dtype() + " channels, the previous stage's outputs");
            }
            // Padded to whole weight panels; the padding channels' bias is zero.
            int padded = (out[i] + mr - 1) / mr * mr;
            if (f64) {
                weightsD[i] = kernel.packWeights(out[i], in[i], s.weight().doubleData(), 0);
                biasesD[i] = new double[padded];
                if (s.bias() != null) System.arraycopy(s.bias().doubleData(), 0, biasesD[i], 0, out[i]);
            } else {
                weightsF[i] = kernel.packWeights(out[i], in[i], s.weight().floatData(), 0);
                biasesF[i] = new float[padded];
                if (s.bias() != null) System.arraycopy(s.bias().floatData(), 0, biasesF[i], 0, out[i]);
            }
            // Without a bias or ReLU the row-major path stores the plain product, so this one does too.
            epilogue[i] = s.bias() != null || s.relu();
            // Only the stages before the last store panels; the last one is pooled or written row-major.
            if (i < n - 1) width = Math.max(width, out[i]);
        }
        this.panel = kernel.panelPoints(f64);
        this.maxWidth = Math.max(width, 1);
    }

    /**
     * The stages in the active kernel's panel layout, or empty when the kernel has none or a stage has more inputs
     * than one kernel block ({@link PanelKernel#maxInputs}); callers then run the stages row-major.
     */
    public static Optional<PointMlp> of(List<DenseStage> stages) {
        return Kernels.matmul().panels().flatMap(k -> of(k, stages));
    }

    /** The stages in the given panel kernel's layout, or empty when a stage has more inputs than one block. */
    public static Optional<PointMlp> of(PanelKernel kernel, List<DenseStage> stages) {
        if (stages.isEmpty()) throw new IllegalArgumentException("PointMlp: expected at least one stage");
        for (DenseStage s : stages) if (s.in() > kernel.maxInputs()) return Optional.empty();
        return Optional.of(new PointMlp(kernel, stages));
    }

    /** Points per panel. */
    public int panelPoints() {
        return panel;
    }

    /** Channels of the first stage's input. */
    public int inChannels() {
        return in[0];
    }

    /** Channels of the last stage's output. */
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
        check("toPanels", "x", rows * channels, length(x), xOff);
        check("toPanels", "panels", panelLength(rows, channels), length(panels), 0);
        if (f64) {
            double[] xd = (double[]) x, d = (double[]) panels;
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
     * Runs all stages over {@code rows >= 1} points given in panel layout ({@link #inChannels()} channels) and maxes
     * the last stage's output into lane maxima, never storing it: {@code lanes[c * P + l] = max(that, output of
     * channel c at every point i with i % P == l)}, P = panelPoints. Start the lanes at -infinity; several blocks of
     * one cloud may max into the same lanes before {@link #reduceLanes} (NaN propagates, as in {@link Math#max}).
     */
    public void maxPool(int rows, Object panels, Object lanes) {
        int last = in.length - 1;
        checkInput(rows, panels);
        checkKind("maxPool", panels, lanes);
        Object x = hidden(rows, panels);
        if (f64) {
            kernel.layerMax(
                    rows, in[last], out[last], (double[]) x, weightsD[last], biasesD[last], relu[last], (double[])
                            lanes);
        } else {
            kernel.layerMax(
                    rows, in[last], out[last], (float[]) x, weightsF[last], biasesF[last], relu[last], (float[]) lanes);
        }
    }

    /**
     * {@code into[intoOff + c] = max(into[intoOff + c], lanes of channel c)}: the pooled features from {@link
     * #maxPool}'s lanes.
     */
    public void reduceLanes(Object lanes, Object into, int intoOff) {
        int o = outChannels(), p = panel;
        checkKind("reduceLanes", lanes, into);
        check("reduceLanes", "lanes", lanesLength(), length(lanes), 0);
        check("reduceLanes", "into", o, length(into), intoOff);
        if (f64) {
            double[] lm = (double[]) lanes, dst = (double[]) into;
            for (int c = 0; c < o; c++) {
                double m = dst[intoOff + c];
                for (int l = 0; l < p; l++) m = Math.max(m, lm[c * p + l]);
                dst[intoOff + c] = m;
            }
        } else {
            float[] lm = (float[]) lanes, dst = (float[]) into;
            for (int c = 0; c < o; c++) {
                float m = dst[intoOff + c];
                for (int l = 0; l < p; l++) m = Math.max(m, lm[c * p + l]);
                dst[intoOff + c] = m;
            }
        }
    }

    /**
     * A ReLU layer with few inputs in panel layout, outside the chain (AtlasNet's first layer, whose bias is a
     * per-shape latent row): see {@link PanelKernel#affineRelu}.
     */
    public void affineReluPanels(int rows, int t, int h, Object x, Object w, Object bias, int biasOff, Object y) {
        checkKind("affineReluPanels", x, w);
        checkKind("affineReluPanels", bias, y);
        if (f64) kernel.affineRelu(rows, t, h, (double[]) x, (double[]) w, (double[]) bias, biasOff, (double[]) y);
        else kernel.affineRelu(rows, t, h, (float[]) x, (float[]) w, (float[]) bias, biasOff, (float[]) y);
    }

    /**
     * Runs all stages over {@code rows >= 1} points given in panel layout and stores the last stage's output
     * row-major: point i's channel c at {@code dst[dstOff + i * outChannels + c]}.
     */
    public void forwardRows(int rows, Object panels, Object dst, int dstOff) {
        int last = in.length - 1;
        checkInput(rows, panels);
        checkKind("forwardRows", panels, dst);
        Object x = hidden(rows, panels);
        if (f64) {
            kernel.layerRows(
                    rows,
                    in[last],
                    out[last],
                    (double[]) x,
                    weightsD[last],
                    biasesD[last],
                    relu[last],
                    epilogue[last],
                    (double[]) dst,
                    dstOff);
        } else {
            kernel.layerRows(
                    rows,
                    in[last],
                    out[last],
                    (float[]) x,
                    weightsF[last],
                    biasesF[last],
                    relu[last],
                    epilogue[last],
                    (float[]) dst,
                    dstOff);
        }
    }

    private void checkKind(String op, Object a, Object b) {
        if (!(f64 ? a instanceof double[] && b instanceof double[] : a instanceof float[] && b instanceof float[])) {
            throw new IllegalArgumentException("PointMlp." + op + ": expected " + (f64 ? "double" : "float")
                    + " arrays for this " + (f64 ? "double" : "float") + " plan");
        }
    }

    private static void check(String op, String name, int n, int len, int off) {
        if (off < 0 || (long) off + n > len) {
            throw new IllegalArgumentException("PointMlp." + op + ": " + name + " needs " + n + " elements from offset "
                    + off + " but the array has " + len);
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
        check("forward", "input panels", panelLength(rows, in[0]), length(panels), 0);
    }

    /** Runs every stage but the last; returns the panels that feed the last one. */
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
                kernel.layer(rows, in[i], out[i], (double[]) x, weightsD[i], biasesD[i], relu[i], epilogue[i], y);
                x = y;
            } else {
                if (s.f0.length < len) {
                    s.f0 = new float[len];
                    s.f1 = new float[len];
                }
                float[] y = x == s.f0 ? s.f1 : s.f0;
                kernel.layer(rows, in[i], out[i], (float[]) x, weightsF[i], biasesF[i], relu[i], epilogue[i], y);
                x = y;
            }
        }
        return x;
    }
}
