package org.pointgrad.nn.pointnet;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Shapes;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Layer;
import org.pointgrad.nn.layers.ReLU;
import org.pointgrad.nn.layers.Sequential;

/**
 * PointNet's global feature: a {@link SharedMLP} (child {@code mlp}) followed by max pooling over the points axis,
 * (B, N, C_in) -> (B, C_out). Max is symmetric, so the output does not depend on the order of the points.
 */
public final class PointNetEncoder extends Layer {
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
        // Anomaly mode checks every layer's output, which the fused paths never store: it takes the layer-by-layer
        // path.
        if (!Autograd.isGradEnabled()
                && !Autograd.isAnomalyMode()
                && points.dim() == 3
                && points.size(2) == mlp.inChannels()) {
            // Without a graph the activations are not kept, so the MLP and the pooling run block by block in cache.
            // Built per call: a checkpoint load may replace the parameter tensors.
            var pooled = PooledPointMlp.of(mlp.layers());
            if (pooled.isPresent() && pooled.get().accepts(points))
                return pooled.get().forward(points);
        }
        return mlp.forwardMaxPool(points);
    }

    /**
     * max over points of per-point layers (Linear layers, each optionally followed by a ReLU) applied to (B, N, C)
     * points, (B, C_out). Without a graph the layers and the pooling run block by block in cache, as {@link #forward}
     * does; with one, layer by layer.
     */
    public static Tensor maxOverPoints(List<Layer> layers, Tensor points) {
        if (!Autograd.isGradEnabled() && !Autograd.isAnomalyMode()) {
            var pooled = PooledPointMlp.of(layers);
            if (pooled.isPresent() && pooled.get().accepts(points))
                return pooled.get().forward(points);
        }
        return Sequential.forwardFused(layers, 0, points).max(1, false);
    }

    @Override
    public String toString() {
        return "PointNetEncoder(" + mlp + " + max over points)";
    }
}
