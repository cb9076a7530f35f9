package org.pointgrad.nn.inference;

import java.util.Arrays;
import java.util.List;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Shapes;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.autodiff.kernel.DgemmPackedB;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.MatmulKernel;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.autodiff.kernel.SgemmPackedB;
import org.pointgrad.autodiff.kernel.ThreadScratch;

/**
 * Inference form of a per-point MLP followed by max pooling over the points: (B, N, C_in) to (B, C_out), without a
 * graph. The points are run through all stages in blocks of about {@value Kernels#BLOCK_ROWS} rows, so each block's
 * activations stay in the core's cache and only the pooled result is written to memory. Unfused, the last layer
 * alone writes and reads back a (B, N, C_out) tensor (16 MB for 16 clouds of 1024 points at 256 channels).
 * <p>
 * Values equal those of the unfused layers: each output row of a matrix product does not depend on how the rows
 * are blocked (see the kernels' determinism note), and max is exact in any order. With a kernel that has a panel
 * layout the stages run in it ({@link PointMlp}), in blocks of whole panels, and activations are never repacked
 * between stages; other kernels run the stages row-major, each weight packed once per plan.
 */
public final class PooledMlpPlan implements InferencePlan {
    private final List<DenseStage> steps;
    private final int inChannels, outChannels, maxWidth;
    private final DType dtype;
    private final MatmulKernel kernel;
    /** The stages in the kernel's panel layout, or null: then row-major with packed weights. */
    private final PointMlp plan;

    private final SgemmPackedB[] packedF;

    private final DgemmPackedB[] packedD;

    /** The stages, compiled for the active kernel; their tensors must not change while the plan is in use. */
    public PooledMlpPlan(List<DenseStage> stages) {
        if (stages.isEmpty()) throw new IllegalArgumentException("PooledMlpPlan: expected at least one stage");
        this.steps = List.copyOf(stages);
        this.dtype = steps.get(0).dtype();
        this.inChannels = steps.get(0).in();
        this.outChannels = steps.get(steps.size() - 1).out();
        int w = 0;
        for (DenseStage s : steps) w = Math.max(w, s.out());
        this.maxWidth = w;
        this.kernel = Kernels.matmul();
        this.plan = PointMlp.of(steps).orElse(null);
        // Each (out, in) weight packed once for all blocks and calls, when the kernel packs; else every block packs it.
        this.packedF = new SgemmPackedB[steps.size()];
        this.packedD = new DgemmPackedB[steps.size()];
        if (plan == null) {
            for (int i = 0; i < steps.size(); i++) {
                Tensor wt = steps.get(i).weight();
                int in = wt.size(1), out = wt.size(0);
                if (dtype == DType.FLOAT64) packedD[i] = kernel.packB(true, in, out, wt.doubleData(), 0, in);
                else packedF[i] = kernel.packB(true, in, out, wt.floatData(), 0, in);
            }
        }
    }

    /** The stages as the plan runs them. */
    public List<DenseStage> stages() {
        return steps;
    }

    /** Width of the pooled output. */
    public int outChannels() {
        return outChannels;
    }

    /** True when {@link #forward} takes these points: (B, N >= 1, C_in) of the stages' dtype. */
    @Override
    public boolean accepts(Tensor points) {
        return points.dim() == 3 && points.size(1) > 0 && points.size(2) == inChannels && points.dtype() == dtype;
    }

    /** max over points of the MLP applied to (B, N, C_in) points with N >= 1: (B, C_out). No graph is recorded. */
    public Tensor forward(Tensor points) {
        if (!accepts(points)) {
            throw new IllegalArgumentException("PooledMlpPlan: expected " + dtype + " points (B, N >= 1, " + inChannels
                    + "), got " + points.dtype() + " " + Shapes.str(points.shape()));
        }
        int b = points.size(0), n = points.size(1);
        boolean f64 = dtype == DType.FLOAT64;
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
            forwardRowMajor(n, blocksPerCloud, blocks, f64 ? partialD : partialF, src0);
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
        return out;
    }

    /** The layers row-major, block by block: for kernels without a panel layout. */
    private void forwardRowMajor(int n, int blocksPerCloud, int blocks, Object partial, Object src0) {
        boolean f64 = dtype == DType.FLOAT64;
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
                    DenseStage s = steps.get(i);
                    int out = s.out();
                    boolean last = i + 1 == steps.size();
                    // The last layer goes straight to this block's column maxima: its output is never stored.
                    if (f64) {
                        double[] w = s.weight().doubleData(),
                                bias = s.bias() == null ? null : s.bias().doubleData();
                        double[] a = (double[]) src;
                        if (!last) {
                            PooledRowsDouble.layer(
                                    kernel, rows, out, width, a, srcOff, packedD[i], w, bias, s.relu(), (double[]) dst);
                        } else {
                            PooledRowsDouble.layerMax(
                                    kernel,
                                    rows,
                                    out,
                                    width,
                                    a,
                                    srcOff,
                                    packedD[i],
                                    w,
                                    bias,
                                    s.relu(),
                                    (double[]) partial,
                                    blk * out);
                        }
                    } else {
                        float[] w = s.weight().floatData(),
                                bias = s.bias() == null ? null : s.bias().floatData();
                        float[] a = (float[]) src;
                        if (!last) {
                            PooledRowsFloat.layer(
                                    kernel, rows, out, width, a, srcOff, packedF[i], w, bias, s.relu(), (float[]) dst);
                        } else {
                            PooledRowsFloat.layerMax(
                                    kernel,
                                    rows,
                                    out,
                                    width,
                                    a,
                                    srcOff,
                                    packedF[i],
                                    w,
                                    bias,
                                    s.relu(),
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

    /** True when the plan runs in the kernel's panel layout (for tests: the row-major path gives the same values). */
    public boolean usesPanels() {
        return plan != null;
    }

    @Override
    public String toString() {
        return "PooledPointMlp"
                + Arrays.toString(steps.stream().mapToInt(s -> s.out()).toArray());
    }
}
