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
 * sign of a zero in {@link F32#maxPool}, which adds a zero bias where a layer has none). Instances are immutable and
 * thread-safe; the weights are packed when the plan is made, so later changes to them are not seen (an
 * {@link InferencePlanner} plan is rebuilt instead).
 * <p>
 * The element type is decided once, by the stages' dtype: a plan is an {@link F32} over {@code float[]} or an
 * {@link F64} over {@code double[]}, and the methods that take arrays are declared there, typed. The methods declared
 * here are the sizes both share.
 */
public abstract sealed class PointMlp permits PointMlp.F32, PointMlp.F64 {
    final PanelKernel kernel;
    final int[] in, out;
    final boolean[] relu, epilogue;
    final int panel, maxWidth;

    private PointMlp(PanelKernel kernel, List<DenseStage> stages, boolean f64) {
        int n = stages.size();
        this.kernel = kernel;
        this.in = new int[n];
        this.out = new int[n];
        this.relu = new boolean[n];
        this.epilogue = new boolean[n];
        int width = 0;
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
        return Optional.of(stages.get(0).dtype() == DType.FLOAT64 ? new F64(kernel, stages) : new F32(kernel, stages));
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

    /** True for a double-precision plan ({@link F64}). */
    public abstract boolean isDouble();

    /** Elements of a panel-layout block of {@code rows} points and {@code channels} channels (padding included). */
    public int panelLength(int rows, int channels) {
        return (rows + panel - 1) / panel * panel * channels;
    }

    /**
     * Elements of the lane maxima that {@link F32#maxPool} updates: {@link #outChannels()} x {@link #panelPoints()}.
     */
    public int lanesLength() {
        return outChannels() * panel;
    }

    /** Padded to whole weight panels; the padding channels' bias is zero. */
    final int paddedOut(int i, boolean f64) {
        int mr = kernel.channelBlock(f64);
        return (out[i] + mr - 1) / mr * mr;
    }

    final void checkInput(int rows, int length) {
        if (rows < 1) throw new IllegalArgumentException("PointMlp: expected at least one point, got " + rows);
        check("forward", "input panels", panelLength(rows, in[0]), length, 0);
    }

    static void check(String op, String name, int n, int len, int off) {
        if (off < 0 || (long) off + n > len) {
            throw new IllegalArgumentException("PointMlp." + op + ": " + name + " needs " + n + " elements from offset "
                    + off + " but the array has " + len);
        }
    }

    /** A single-precision plan: every array is a {@code float[]}. */
    public static final class F32 extends PointMlp {
        private final float[][] weights, biases;

        /** Per-thread ping-pong panels, grown as needed. */
        private static final class Scratch {
            float[] a = new float[0], b = new float[0];
        }

        private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

        F32(PanelKernel kernel, List<DenseStage> stages) {
            super(kernel, stages, false);
            int n = stages.size();
            weights = new float[n][];
            biases = new float[n][];
            for (int i = 0; i < n; i++) {
                DenseStage s = stages.get(i);
                weights[i] = kernel.packWeights(out[i], in[i], s.weight().floatData(), 0);
                biases[i] = new float[paddedOut(i, false)];
                if (s.bias() != null) System.arraycopy(s.bias().floatData(), 0, biases[i], 0, out[i]);
            }
        }

        @Override
        public boolean isDouble() {
            return false;
        }

        /**
         * Copies {@code rows} points of {@code channels} values each, row-major from {@code x[xOff]}, into panel
         * layout at {@code panels[0]}; padding points are zero.
         */
        public void toPanels(int rows, int channels, float[] x, int xOff, float[] panels) {
            int p = panel, full = (rows + p - 1) / p * p;
            check("toPanels", "x", rows * channels, x.length, xOff);
            check("toPanels", "panels", panelLength(rows, channels), panels.length, 0);
            for (int i = 0; i < full; i++) {
                int base = i / p * channels * p + i % p;
                for (int c = 0; c < channels; c++) panels[base + c * p] = i < rows ? x[xOff + i * channels + c] : 0f;
            }
        }

        /**
         * Runs all stages over {@code rows >= 1} points given in panel layout ({@link #inChannels()} channels) and
         * maxes the last stage's output into lane maxima, never storing it: {@code lanes[c * P + l] = max(that,
         * output of channel c at every point i with i % P == l)}, P = panelPoints. Start the lanes at -infinity;
         * several blocks of one cloud may max into the same lanes before {@link #reduceLanes} (NaN propagates, as in
         * {@link Math#max}).
         */
        public void maxPool(int rows, float[] panels, float[] lanes) {
            int last = in.length - 1;
            checkInput(rows, panels.length);
            kernel.layerMax(
                    rows, in[last], out[last], hidden(rows, panels), weights[last], biases[last], relu[last], lanes);
        }

        /**
         * {@code into[intoOff + c] = max(into[intoOff + c], lanes of channel c)}: the pooled features from the lanes.
         */
        public void reduceLanes(float[] lanes, float[] into, int intoOff) {
            int o = outChannels(), p = panel;
            check("reduceLanes", "lanes", lanesLength(), lanes.length, 0);
            check("reduceLanes", "into", o, into.length, intoOff);
            for (int c = 0; c < o; c++) {
                float m = into[intoOff + c];
                for (int l = 0; l < p; l++) m = Math.max(m, lanes[c * p + l]);
                into[intoOff + c] = m;
            }
        }

        /**
         * A ReLU layer with few inputs in panel layout, outside the chain (AtlasNet's first layer, whose bias is a
         * per-shape latent row): see {@link PanelKernel#affineRelu}.
         */
        public void affineReluPanels(
                int rows, int t, int h, float[] x, float[] w, float[] bias, int biasOff, float[] y) {
            kernel.affineRelu(rows, t, h, x, w, bias, biasOff, y);
        }

        /**
         * Runs all stages over {@code rows >= 1} points given in panel layout and stores the last stage's output
         * row-major: point i's channel c at {@code dst[dstOff + i * outChannels + c]}.
         */
        public void forwardRows(int rows, float[] panels, float[] dst, int dstOff) {
            int last = in.length - 1;
            checkInput(rows, panels.length);
            kernel.layerRows(
                    rows,
                    in[last],
                    out[last],
                    hidden(rows, panels),
                    weights[last],
                    biases[last],
                    relu[last],
                    epilogue[last],
                    dst,
                    dstOff);
        }

        /** Runs every stage but the last; returns the panels that feed the last one. */
        private float[] hidden(int rows, float[] panels) {
            int last = in.length - 1;
            if (last == 0) return panels;
            Scratch s = SCRATCH.get();
            int len = panelLength(rows, maxWidth);
            if (s.a.length < len) {
                s.a = new float[len];
                s.b = new float[len];
            }
            float[] x = panels;
            for (int i = 0; i < last; i++) {
                float[] y = x == s.a ? s.b : s.a;
                kernel.layer(rows, in[i], out[i], x, weights[i], biases[i], relu[i], epilogue[i], y);
                x = y;
            }
            return x;
        }
    }

    /** A double-precision plan: every array is a {@code double[]}. */
    public static final class F64 extends PointMlp {
        private final double[][] weights, biases;

        /** Per-thread ping-pong panels, grown as needed. */
        private static final class Scratch {
            double[] a = new double[0], b = new double[0];
        }

        private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

        F64(PanelKernel kernel, List<DenseStage> stages) {
            super(kernel, stages, true);
            int n = stages.size();
            weights = new double[n][];
            biases = new double[n][];
            for (int i = 0; i < n; i++) {
                DenseStage s = stages.get(i);
                weights[i] = kernel.packWeights(out[i], in[i], s.weight().doubleData(), 0);
                biases[i] = new double[paddedOut(i, true)];
                if (s.bias() != null) System.arraycopy(s.bias().doubleData(), 0, biases[i], 0, out[i]);
            }
        }

        @Override
        public boolean isDouble() {
            return true;
        }

        /** {@link F32#toPanels} over {@code double[]}. */
        public void toPanels(int rows, int channels, double[] x, int xOff, double[] panels) {
            int p = panel, full = (rows + p - 1) / p * p;
            check("toPanels", "x", rows * channels, x.length, xOff);
            check("toPanels", "panels", panelLength(rows, channels), panels.length, 0);
            for (int i = 0; i < full; i++) {
                int base = i / p * channels * p + i % p;
                for (int c = 0; c < channels; c++) panels[base + c * p] = i < rows ? x[xOff + i * channels + c] : 0.0;
            }
        }

        /** {@link F32#maxPool} over {@code double[]}. */
        public void maxPool(int rows, double[] panels, double[] lanes) {
            int last = in.length - 1;
            checkInput(rows, panels.length);
            kernel.layerMax(
                    rows, in[last], out[last], hidden(rows, panels), weights[last], biases[last], relu[last], lanes);
        }

        /** {@link F32#reduceLanes} over {@code double[]}. */
        public void reduceLanes(double[] lanes, double[] into, int intoOff) {
            int o = outChannels(), p = panel;
            check("reduceLanes", "lanes", lanesLength(), lanes.length, 0);
            check("reduceLanes", "into", o, into.length, intoOff);
            for (int c = 0; c < o; c++) {
                double m = into[intoOff + c];
                for (int l = 0; l < p; l++) m = Math.max(m, lanes[c * p + l]);
                into[intoOff + c] = m;
            }
        }

        /** {@link F32#affineReluPanels} over {@code double[]}. */
        public void affineReluPanels(
                int rows, int t, int h, double[] x, double[] w, double[] bias, int biasOff, double[] y) {
            kernel.affineRelu(rows, t, h, x, w, bias, biasOff, y);
        }

        /** {@link F32#forwardRows} over {@code double[]}. */
        public void forwardRows(int rows, double[] panels, double[] dst, int dstOff) {
            int last = in.length - 1;
            checkInput(rows, panels.length);
            kernel.layerRows(
                    rows,
                    in[last],
                    out[last],
                    hidden(rows, panels),
                    weights[last],
                    biases[last],
                    relu[last],
                    epilogue[last],
                    dst,
                    dstOff);
        }

        /** Runs every stage but the last; returns the panels that feed the last one. */
        private double[] hidden(int rows, double[] panels) {
            int last = in.length - 1;
            if (last == 0) return panels;
            Scratch s = SCRATCH.get();
            int len = panelLength(rows, maxWidth);
            if (s.a.length < len) {
                s.a = new double[len];
                s.b = new double[len];
            }
            double[] x = panels;
            for (int i = 0; i < last; i++) {
                double[] y = x == s.a ? s.b : s.a;
                kernel.layer(rows, in[i], out[i], x, weights[i], biases[i], relu[i], epilogue[i], y);
                x = y;
            }
            return x;
        }
    }
}
