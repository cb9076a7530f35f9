package org.pointgrad.nn.inference;

import java.util.Arrays;
import java.util.List;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Shapes;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.MatmulKernel;

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
    private final int inChannels, outChannels;
    private final DType dtype;
    /** The blocks' work, typed by the stages' dtype. */
    private final PooledRows rows;

    /** The stages, compiled for the active kernel; their tensors must not change while the plan is in use. */
    public PooledMlpPlan(List<DenseStage> stages) {
        if (stages.isEmpty()) throw new IllegalArgumentException("PooledMlpPlan: expected at least one stage");
        this.steps = List.copyOf(stages);
        this.dtype = steps.get(0).dtype();
        this.inChannels = steps.get(0).in();
        this.outChannels = steps.get(steps.size() - 1).out();
        MatmulKernel kernel = Kernels.matmul();
        // A panel plan when the kernel has a layout for these stages; else row-major with each weight packed once.
        PointMlp plan = PointMlp.of(steps).orElse(null);
        // The plan's type is the stages' dtype, so the casts hold (a null plan included).
        this.rows = dtype == DType.FLOAT64
                ? new PooledRowsDouble(steps, kernel, (PointMlpDouble) plan)
                : new PooledRowsFloat(steps, kernel, (PointMlpFloat) plan);
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
        Tensor out = Tensor.zeros(dtype, points.size(0), outChannels);
        rows.forward(points, out);
        return out;
    }

    /** True when the plan runs in the kernel's panel layout (for tests: the row-major path gives the same values). */
    public boolean usesPanels() {
        return rows.usesPanels();
    }

    @Override
    public String toString() {
        return "PooledPointMlp"
                + Arrays.toString(steps.stream().mapToInt(s -> s.out()).toArray());
    }
}
