package org.pointgrad.nn.pointnet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Shapes;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.MatmulKernel;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.autodiff.kernel.PointMlp;
import org.pointgrad.autodiff.kernel.ThreadScratch;
import org.pointgrad.nn.Layer;
import org.pointgrad.nn.layers.Linear;
import org.pointgrad.nn.layers.ReLU;

/**
 * Inference form of a per-point MLP followed by max pooling over the points, for use without a graph. The points
 * are run through all layers in blocks of about {@value Kernels#BLOCK_ROWS} rows, so each block's activations stay in the core's
 * cache and only the pooled (B, C_out) result is written to memory. Unfused, the last layer alone writes and reads
 * back a (B, N, C_out) tensor (16 MB for 16 clouds of 1024 points at 256 channels).
 * <p>
 * Values equal those of the unfused layers: each output row of a matrix product does not depend on how the rows
 * are blocked (see the kernels' determinism note), and max is exact in any order. With the Vector API kernel the
 * layers run in its panel layout ({@link PointMlp}), in blocks of whole panels (128 rows), and activations are never
 * repacked between layers; other kernels run the layers row-major.
 */
final class PooledPointMlp {
    private record Step(Tensor weight, Tensor bias, boolean relu) {}

    private final List<Step> steps;
    private final int inChannels, outChannels, maxWidth;
    private final DType dtype;

    private PooledPointMlp(List<Step> steps, DType dtype) {
        this.steps = steps;
        this.dtype = dtype;
        this.inChannels = steps.get(0).weight.size(1);
        this.outChannels = steps.get(steps.size() - 1).weight.size(0);
        int w = 0;
        for (Step s : steps) w = Math.max(w, s.weight.size(0));
        this.maxWidth = w;
    }

    /** The pooled form of {@code layers} when they are Linear layers each optionally followed by a ReLU; else empty. */
    static Optional<PooledPointMlp> of(List<Layer> layers) {
        List<Step> steps = new ArrayList<>();
        DType dtype = null;
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof Linear lin)) return Optional.empty();
            boolean relu = i + 1 < layers.size() && layers.get(i + 1) instanceof ReLU;
            if (relu) i++;
            if (dtype != null && lin.dtype() != dtype) return Optional.empty();
            dtype = lin.dtype();
            steps.add(new Step(lin.weight(), lin.bias(), relu));
        }
        return steps.isEmpty() ? Optional.empty() : Optional.of(new PooledPointMlp(steps, dtype));
    }

    /** True when {@link #forward} takes these points: (B, N >= 1, C_in) of the layers' dtype. */
    boolean accepts(Tensor points) {
        return points.dim() == 3 && points.size(1) > 0 && points.size(2) == inChannels && points.dtype() == dtype;
    }

    /** max over points of the MLP applied to (B, N, C_in) points with N >= 1: (B, C_out). No graph is recorded. */
    Tensor forward(Tensor points) {
        if (!accepts(points)) {
            throw new IllegalArgumentException("PooledPointMlp: expected " + dtype + " points (B, N >= 1, " + inChannels
                    + "), got " + points.dtype() + " " + Shapes.str(points.shape()));
        }
        int b = points.size(0), n = points.size(1);
        boolean f64 = dtype == DType.FLOAT64;
        MatmulKernel kernel = Kernels.matmul();
        // The whole chain in the kernel's panel layout when it has one: no activation is repacked between layers.
        PointMlp plan = plan(kernel);
        int blockRows = plan == null
                ? Kernels.BLOCK_ROWS
                : Math.max(plan.panelPoints(), Kernels.BLOCK_ROWS / plan.panelPoints() * plan.panelPoints());
        int blocksPerCloud = (n + blockRows - 1) / blockRows, blocks = b * blocksPerCloud;
        // Per-block maxima, merged per cloud afterwards: any split of the blocks over threads gives the same result.
        double[] partialD = f64 ? new double[blocks * outChannels] : null;
        float[] partialF = f64 ? null : new float[blocks * outChannels];
        if (f64) Arrays.fill(partialD, Double.NEGATIVE_INFINITY);
        else Arrays.fill(partialF, Float.NEGATIVE_INFINITY);
        Object src0 = f64 ? points.doubleData() : points.floatData();
        if (plan != null) {
            // Consecutive blocks of one cloud share lane maxima, reduced once per run of blocks; pieces of up to a
            // cloud keep runs long while leaving every thread work (a single cloud still splits into blocks).
            int grain = Math.max(1, Math.min(blocksPerCloud, blocks / (4 * Parallel.threads())));
            Parallel.forEachPiece(blocks, grain, (from, to) -> {
                int len = plan.panelLength(Math.min(blockRows, n), inChannels), lanesLen = plan.lanesLength();
                Object panels = f64 ? ThreadScratch.doubles(0, len) : ThreadScratch.floats(0, len);
                Object lanes = f64 ? ThreadScratch.doubles(1, lanesLen) : ThreadScratch.floats(1, lanesLen);
                int runStart = from;
                for (int blk = from; blk < to; blk++) {
                    int cloud = blk / blocksPerCloud, r0 = (blk % blocksPerCloud) * blockRows;
                    int rows = Math.min(blockRows, n - r0);
                    if (blk == runStart) {
                        if (f64) Arrays.fill((double[]) lanes, 0, lanesLen, Double.NEGATIVE_INFINITY);
                        else Arrays.fill((float[]) lanes, 0, lanesLen, Float.NEGATIVE_INFINITY);
                    }
                    plan.toPanels(rows, inChannels, src0, (cloud * n + r0) * inChannels, panels);
                    plan.maxPool(rows, panels, lanes);
                    if (blk + 1 == to || (blk + 1) / blocksPerCloud != cloud) {
                        // The run's maxima go to its first block's row; the others stay -inf, which the merge ignores.
                        plan.reduceLanes(lanes, f64 ? partialD : partialF, runStart * outChannels);
                        runStart = blk + 1;
                    }
                }
            });
        } else {
            forwardRowMajor(kernel, n, blocksPerCloud, blocks, f64 ? partialD : partialF, src0);
        }
        Tensor out = Tensor.zeros(dtype, b, outChannels);
        for (int c = 0; c < b; c++) {
            int o = c * outChannels, p0 = c * blocksPerCloud * outChannels;
            if (f64) {
                double[] od = out.doubleData();
                System.arraycopy(partialD, p0, od, o, outChannels);
                for (int k = 1; k < blocksPerCloud; k++) {
                    PooledRowsDouble.maxInto(partialD, p0 + k * outChannels, od, o, outChannels);
                }
            } else {
                float[] of = out.floatData();
                System.arraycopy(partialF, p0, of, o, outChannels);
                for (int k = 1; k < blocksPerCloud; k++) {
                    PooledRowsFloat.maxInto(partialF, p0 + k * outChannels, of, o, outChannels);
                }
            }
        }
        // Records nothing (no graph here), but anomaly mode still checks the output.
        return Autograd.record(
                "pooled_point_mlp",
                out,
                g -> {
                    throw new IllegalStateException("PooledPointMlp has no backward; it runs only without a graph");
                },
                points);
    }

    /** The layers row-major, block by block: for kernels without a panel layout. */
    private void forwardRowMajor(
            MatmulKernel kernel, int n, int blocksPerCloud, int blocks, Object partial, Object src0) {
        boolean f64 = dtype == DType.FLOAT64;
        // Each (out, in) weight packed once for all blocks, when the kernel packs; else every block packs it.
        Object[] packed = new Object[steps.size()];
        for (int i = 0; i < packed.length; i++) {
            Tensor w = steps.get(i).weight;
            int in = w.size(1), out = w.size(0);
            packed[i] = f64
                    ? kernel.packB(true, in, out, w.doubleData(), 0, in)
                    : kernel.packB(true, in, out, w.floatData(), 0, in);
        }
        Parallel.forEachPiece(blocks, 1, (from, to) -> {
            int rowsMax = Math.min(Kernels.BLOCK_ROWS, n);
            // Slots 0 and 1; nothing below uses ThreadScratch.
            Object bufA =
                    f64 ? ThreadScratch.doubles(0, rowsMax * maxWidth) : ThreadScratch.floats(0, rowsMax * maxWidth);
            Object bufB =
                    f64 ? ThreadScratch.doubles(1, rowsMax * maxWidth) : ThreadScratch.floats(1, rowsMax * maxWidth);
            for (int blk = from; blk < to; blk++) {
                int cloud = blk / blocksPerCloud, r0 = (blk % blocksPerCloud) * Kernels.BLOCK_ROWS;
                int rows = Math.min(Kernels.BLOCK_ROWS, n - r0);
                Object src = src0;
                int srcOff = (cloud * n + r0) * inChannels, width = inChannels;
                Object dst = bufA;
                for (int i = 0; i < steps.size(); i++) {
                    Step s = steps.get(i);
                    int out = s.weight.size(0);
                    boolean last = i + 1 == steps.size();
                    // The last layer goes straight to this block's column maxima: its output is never stored.
                    if (f64) {
                        double[] w = s.weight.doubleData(), bias = s.bias == null ? null : s.bias.doubleData();
                        double[] a = (double[]) src;
                        if (!last) {
                            PooledRowsDouble.layer(
                                    kernel, rows, out, width, a, srcOff, packed[i], w, bias, s.relu, (double[]) dst);
                        } else {
                            PooledRowsDouble.layerMax(
                                    kernel,
                                    rows,
                                    out,
                                    width,
                                    a,
                                    srcOff,
                                    packed[i],
                                    w,
                                    bias,
                                    s.relu,
                                    (double[]) partial,
                                    blk * out);
                        }
                    } else {
                        float[] w = s.weight.floatData(), bias = s.bias == null ? null : s.bias.floatData();
                        float[] a = (float[]) src;
                        if (!last) {
                            PooledRowsFloat.layer(
                                    kernel, rows, out, width, a, srcOff, packed[i], w, bias, s.relu, (float[]) dst);
                        } else {
                            PooledRowsFloat.layerMax(
                                    kernel,
                                    rows,
                                    out,
                                    width,
                                    a,
                                    srcOff,
                                    packed[i],
                                    w,
                                    bias,
                                    s.relu,
                                    (float[]) partial,
                                    blk * out);
                        }
                    }
                    src = dst;
                    srcOff = 0;
                    width = out;
                    dst = dst == bufA ? bufB : bufA;
                }
            }
        });
    }

    /** True when forward takes the active kernel's panel layout (for tests: the row-major path gives the same values). */
    boolean usesPanels() {
        return plan(Kernels.matmul()) != null;
    }

    /** The layers as a panel-layout plan of the kernel, or null when it has none for them. */
    private PointMlp plan(MatmulKernel kernel) {
        return Linear.pointMlp(
                kernel, steps.size(), i -> steps.get(i).weight, i -> steps.get(i).bias, i -> steps.get(i).relu);
    }

    @Override
    public String toString() {
        return "PooledPointMlp"
                + Arrays.toString(steps.stream().mapToInt(s -> s.weight.size(0)).toArray());
    }
}
