package org.pointgrad.vae.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.inference.DenseStage;
import org.pointgrad.nn.inference.InferencePlan;
import org.pointgrad.nn.inference.InferencePlanner;
import org.pointgrad.nn.inference.PlannableModule;
import org.pointgrad.nn.inference.PooledMlpPlan;
import org.pointgrad.nn.init.LinearInit;
import org.pointgrad.nn.layers.BatchNorm1d;
import org.pointgrad.nn.layers.Linear;

/**
 * AtlasNet's PointNet encoder with BatchNorm (ThibaultGROUEIX/AtlasNet, {@code model_blocks.PointNet}), made a VAE:
 * per point {@code conv1..convL} (3-64-128-1024 by default), each followed by {@code bn1..bnL} and a ReLU except the
 * last; max over points; {@code lin1} (1024-1024) with {@code bn(L+1)} and a ReLU; then the heads {@code mu} and
 * {@code logvar} in place of AtlasNet's {@code lin2}/{@code bn5}. Parameter names are PyTorch's; the per-point layers
 * are Linear layers on the points as rows, so {@code convI.weight} is (out, in), PyTorch's Conv1d(k=1) weight
 * without its trailing kernel axis of size 1 ({@code w.unsqueeze(-1)} loads it into a Conv1d).
 * <p>
 * In eval mode without a graph every BatchNorm is folded into the Linear before it, and the per-point layers and the
 * pooling run block by block in cache ({@link PooledMlpPlan}).
 */
public final class AtlasNetBnEncoder extends LatentEncoder implements PlannableModule<AtlasNetBnEncoder.Plan> {
    private final List<Linear> convs = new ArrayList<>();
    private final List<BatchNorm1d> norms = new ArrayList<>();
    private final Linear lin1;
    private final BatchNorm1d linNorm;
    private final Linear mu;
    private final Linear logvar;

    /**
     * Per-point layers of {@code c.encoderWidths()}, {@code lin1} and the heads of width {@code c.headWidth()} to
     * {@code c.latent()}, initialised from {@code rng}.
     */
    public AtlasNetBnEncoder(VaeConfig c, RandomGenerator rng) {
        int[] w = c.encoderWidths();
        for (int i = 0; i + 1 < w.length; i++) {
            convs.add(registerModule(
                    "conv" + (i + 1), new Linear(w[i], w[i + 1], c.dtype(), LinearInit.pytorchDefault(), rng)));
        }
        int feat = w[w.length - 1];
        lin1 = registerModule("lin1", new Linear(feat, c.headWidth(), c.dtype(), LinearInit.pytorchDefault(), rng));
        for (int i = 0; i + 1 < w.length; i++)
            norms.add(registerModule("bn" + (i + 1), new BatchNorm1d(w[i + 1], c.dtype())));
        linNorm = registerModule("bn" + w.length, new BatchNorm1d(c.headWidth(), c.dtype()));
        mu = registerModule("mu", new Linear(c.headWidth(), c.latent(), c.dtype(), LinearInit.pytorchDefault(), rng));
        logvar = registerModule(
                "logvar", new Linear(c.headWidth(), c.latent(), c.dtype(), LinearInit.pytorchDefault(), rng));
    }

    @Override
    public VaeEncoder.Encoding forward(Tensor points) {
        int in = convs.get(0).inFeatures();
        if (points.dim() != 3 || points.size(1) == 0 || points.size(2) != in) {
            throw new IllegalArgumentException("AtlasNetBnEncoder: expected points (B, N >= 1, " + in + "), got shape "
                    + Arrays.toString(points.shape()));
        }
        Tensor f;
        var plan = InferencePlanner.fastPath(this, points);
        if (plan.isPresent()) {
            f = plan.get().features(points);
        } else {
            Tensor h = points;
            int last = convs.size() - 1;
            for (int i = 0; i < last; i++)
                h = norms.get(i).forwardRelu(convs.get(i).forward(h));
            // The last BatchNorm and the pooling as one op: the widest activation is normalised only where it wins.
            Tensor pooled = norms.get(last).forwardMaxOverPoints(convs.get(last).forward(h));
            f = linNorm.forwardRelu(lin1.forward(pooled));
        }
        return new VaeEncoder.Encoding(mu.forward(f), logvar.forward(f));
    }

    /** The eval-mode feature without a graph: folded per-point stages with the pooling, then the folded head. */
    record Plan(PooledMlpPlan points, DenseStage head) implements InferencePlan {
        @Override
        public boolean accepts(Tensor input) {
            return points.accepts(input);
        }

        Tensor features(Tensor input) {
            return Tensor.linearRelu(points.forward(input), head.weight(), head.bias());
        }
    }

    /** Every BatchNorm folded into the Linear before it; the per-point stages and the pooling run block by block. */
    @Override
    public Plan compilePlan() {
        List<DenseStage> stages = new ArrayList<>();
        for (int i = 0; i < convs.size(); i++)
            stages.add(DenseStage.folded(convs.get(i), norms.get(i), i + 1 < convs.size()));
        return new Plan(new PooledMlpPlan(stages), DenseStage.folded(lin1, linNorm, true));
    }
}
