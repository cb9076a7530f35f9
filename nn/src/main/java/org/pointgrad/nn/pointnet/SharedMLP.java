package org.pointgrad.nn.pointnet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Shapes;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Layer;
import org.pointgrad.nn.inference.DenseStage;
import org.pointgrad.nn.init.LinearInit;
import org.pointgrad.nn.layers.ActivationLayer;
import org.pointgrad.nn.layers.BatchNorm1d;
import org.pointgrad.nn.layers.Fusion;
import org.pointgrad.nn.layers.Linear;
import org.pointgrad.nn.layers.ReLU;

/**
 * The same MLP applied to every point: (B, N, C_in) -> (B, N, C_out), the 1x1 convolutions of PointNet. Per layer:
 * Linear, then optional BatchNorm1d over channels (statistics over batch and points), then the activation. Children
 * are named "0", "1", ... in that order, like a PyTorch Sequential. Whether the last layer gets the activation is
 * configurable: PointNet activates it, AtlasNet's encoder stops after the last BatchNorm.
 */
public final class SharedMLP extends Layer {
    private final int[] widths;
    private final List<Layer> layers = new ArrayList<>();
    /** The Linear layers in order. */
    private final List<Linear> linears = new ArrayList<>();
    /** Which Linear layers are followed by a ReLU (directly: no BatchNorm between). */
    private final List<Boolean> reluAfter = new ArrayList<>();

    private final boolean batchNorm;
    /** True when every activation is a ReLU (or there is none). */
    private final boolean reluOnly;

    /** ReLU, with BatchNorm, last layer activated, FLOAT32, Kaiming-normal init. */
    public SharedMLP(int[] widths, RandomGenerator rng) {
        this(widths, true, true, ReLU::new, DType.FLOAT32, rng);
    }

    /**
     * @param widths        channel widths, input first (at least two)
     * @param batchNorm     insert BatchNorm1d after each Linear
     * @param activateLast  also put the activation after the last layer (PointNet: true; AtlasNet: false)
     * @param activation    makes one activation per layer; the Linear before it is initialised to match
     * @param dtype         parameter dtype
     * @param rng           source of initial weights
     */
    public SharedMLP(
            int[] widths,
            boolean batchNorm,
            boolean activateLast,
            Supplier<? extends ActivationLayer> activation,
            DType dtype,
            RandomGenerator rng) {
        Objects.requireNonNull(widths, "widths");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(rng, "rng");
        if (widths.length < 2)
            throw new IllegalArgumentException("SharedMLP: need at least 2 widths, got " + Arrays.toString(widths));
        this.widths = widths.clone();
        this.batchNorm = batchNorm;
        boolean onlyRelu = true;
        for (int i = 0; i + 1 < widths.length; i++) {
            boolean last = i + 2 == widths.length;
            ActivationLayer act = (!last || activateLast) ? activation.get() : null;
            Linear lin = new Linear(
                    widths[i],
                    widths[i + 1],
                    true,
                    dtype,
                    act != null ? act.matchedInit() : LinearInit.pytorchDefault(),
                    rng);
            add(lin);
            linears.add(lin);
            reluAfter.add(!batchNorm && act instanceof ReLU);
            onlyRelu &= act == null || act instanceof ReLU;
            if (batchNorm) add(new BatchNorm1d(widths[i + 1], dtype));
            if (act != null) add(act);
        }
        this.reluOnly = onlyRelu;
    }

    private void add(Layer l) {
        registerModule(Integer.toString(layers.size()), l);
        layers.add(l);
    }

    /** The layers in order (Linear, optional BatchNorm1d, optional activation, ...); read-only. */
    List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /**
     * The MLP as dense stages (each Linear with its ReLU, if any), or empty when it has BatchNorm or an activation
     * other than ReLU, which the stages do not cover.
     */
    public Optional<List<DenseStage>> stages() {
        if (batchNorm || !reluOnly) return Optional.empty();
        List<DenseStage> out = new ArrayList<>();
        for (int i = 0; i < linears.size(); i++) out.add(DenseStage.of(linears.get(i), reluAfter.get(i)));
        return Optional.of(out);
    }

    /** Input channels. */
    public int inChannels() {
        return widths[0];
    }

    /** Output channels. */
    public int outChannels() {
        return widths[widths.length - 1];
    }

    /** Applies the per-point MLP to (B, N, C_in). */
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 3 || x.size(2) != widths[0]) {
            throw new IllegalArgumentException(
                    "SharedMLP: expected input (B, N, " + widths[0] + "), got shape " + Shapes.str(x.shape()));
        }
        return Fusion.forward(layers, 0, x);
    }

    /**
     * {@code forward(x).max(1, false)}: the MLP, then max over the points axis, (B, N, C_in) -> (B, C_out). When the
     * last Linear is followed directly by a ReLU (no BatchNorm), that layer and the pooling run as one op
     * ({@link Fusion#forwardMaxPool}), which never stores the widest activation and whose backward touches only the
     * winning points.
     */
    public Tensor forwardMaxPool(Tensor x) {
        if (x.dim() != 3 || x.size(2) != widths[0]) {
            throw new IllegalArgumentException(
                    "SharedMLP: expected input (B, N, " + widths[0] + "), got shape " + Shapes.str(x.shape()));
        }
        return Fusion.forwardMaxPool(layers, x);
    }

    @Override
    public String toString() {
        return "SharedMLP" + Arrays.toString(widths);
    }
}
