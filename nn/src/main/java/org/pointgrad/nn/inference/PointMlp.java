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
 * sign of a zero in {@link PointMlpFloat#maxPool}, which adds a zero bias where a layer has none). Instances are
 * immutable and thread-safe; the weights are packed when the plan is made, so later changes to them are not seen (an
 * {@link InferencePlanner} plan is rebuilt instead).
 * <p>
 * The element type is decided once, by the stages' dtype: a plan is a {@link PointMlpFloat} over {@code float[]} or a
 * {@link PointMlpDouble} over {@code double[]} (both rendered from one template, PointMlpTyped.java.tmpl), and the
 * methods that take arrays are declared there, typed. The methods declared
 * here are the sizes both share.
 */
public abstract sealed class PointMlp permits PointMlpFloat, PointMlpDouble {
    final PanelKernel kernel;
    final int[] in, out;
    final boolean[] relu, epilogue;
    final int panel, maxWidth;

    PointMlp(PanelKernel kernel, List<DenseStage> stages, boolean f64) {
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
        return Optional.of(
                stages.get(0).dtype() == DType.FLOAT64
                        ? new PointMlpDouble(kernel, stages)
                        : new PointMlpFloat(kernel, stages));
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

    /** True for a double-precision plan ({@link PointMlpDouble}). */
    public abstract boolean isDouble();

    /** Elements of a panel-layout block of {@code rows} points and {@code channels} channels (padding included). */
    public int panelLength(int rows, int channels) {
        return (rows + panel - 1) / panel * panel * channels;
    }

    /**
     * Elements of the lane maxima that {@link PointMlpFloat#maxPool} updates: {@link #outChannels()} x
     * {@link #panelPoints()}.
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
}
