package org.pointgrad.nn.pointnet;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Shapes;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Layer;
import org.pointgrad.nn.inference.InferencePlanner;
import org.pointgrad.nn.inference.PlannableModule;
import org.pointgrad.nn.inference.PooledMlpPlan;
import org.pointgrad.nn.layers.ReLU;

/**
 * PointNet's global feature: a {@link SharedMLP} (child {@code mlp}) followed by max pooling over the points axis,
 * (B, N, C_in) -> (B, C_out). Max is symmetric, so the output does not depend on the order of the points. In eval
 * mode without a graph, an MLP without BatchNorm runs as a {@link PooledMlpPlan}.
 */
public final class PointNetEncoder extends Layer implements PlannableModule<PooledMlpPlan> {
    /** The default widths 3-64-128-256. */
    public static final int[] DEFAULT_WIDTHS = {3, 64, 128, 256};

    private final SharedMLP mlp;

    /** Widths 3-64-128-256, BatchNorm, ReLU on every layer, FLOAT32. */
    public PointNetEncoder(RandomGenerator rng) {
        this(DEFAULT_WIDTHS, true, DType.FLOAT32, rng);
    }

    /** Given widths, optional BatchNorm, ReLU on every layer. */
    public PointNetEncoder(int[] widths, boolean batchNorm, DType dtype, RandomGenerator rng) {
        this(new SharedMLP(widths, batchNorm, true, ReLU::new, dtype, rng));
    }

    /** Around an existing per-point MLP. */
    public PointNetEncoder(SharedMLP mlp) {
        this.mlp = registerModule("mlp", Objects.requireNonNull(mlp, "mlp"));
    }

    /** The per-point MLP. */
    public SharedMLP mlp() {
        return mlp;
    }

    /** Width of the global feature. */
    public int featureSize() {
        return mlp.outChannels();
    }

    @Override
    public Tensor forward(Tensor points) {
        if (points.dim() != 3 || points.size(1) == 0) {
            throw new IllegalArgumentException("PointNetEncoder: expected (B, N, " + mlp.inChannels()
                    + ") with N >= 1, got shape " + Shapes.str(points.shape()));
        }
        // Without a graph the activations are not kept, so the MLP and the pooling run block by block in cache.
        var plan = InferencePlanner.fastPath(this, points);
        if (plan.isPresent()) return plan.get().forward(points);
        return mlp.forwardMaxPool(points);
    }

    /** The per-point MLP's stages and the pooling, when the MLP is Linear-ReLU stages only (no BatchNorm). */
    @Override
    public PooledMlpPlan compilePlan() {
        return mlp.stages().map(PooledMlpPlan::new).orElse(null);
    }

    @Override
    public String toString() {
        return "PointNetEncoder(" + mlp + " + max over points)";
    }
}
