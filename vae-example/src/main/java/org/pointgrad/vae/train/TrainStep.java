package org.pointgrad.vae.train;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.optim.Optimizer;
import org.pointgrad.pointcloud.chamfer.ChamferDistance;
import org.pointgrad.vae.loss.KlDivergence;
import org.pointgrad.vae.model.PointCloudVae;

/**
 * One optimisation step of the VAE: forward, loss = Chamfer + beta * KL (free bits optional), backward, optimizer
 * step. Shared by the trainer and the benchmarks, so both time the same work. A non-finite loss or gradient stops
 * the step before the optimizer changes anything ({@link DivergenceException}).
 */
public final class TrainStep {
    /** The step's loss terms (Chamfer and the unweighted total KL). */
    public record Losses(double chamfer, double kl) {}

    /** Hooks around the optimizer step (the gradient-flow monitor uses them). */
    public interface StepHook {
        /** Runs after backward, before the optimizer changes the parameters. */
        void beforeStep();

        /** Runs after the optimizer step. */
        void afterStep();
    }

    private final PointCloudVae model;
    private final Optimizer optimizer;

    /** A step of {@code model} with {@code optimizer}. */
    public TrainStep(PointCloudVae model, Optimizer optimizer) {
        this.model = model;
        this.optimizer = optimizer;
    }

    /** Runs one step on clouds {@code x} (B, N, 3); {@code hook} may be null. */
    public Losses run(Tensor x, RandomGenerator rng, double beta, double freeBits, StepHook hook) {
        model.train(true);
        PointCloudVae.Output o = model.forward(x, x.size(1), rng);
        Tensor cd = ChamferDistance.compute(o.reconstruction(), x);
        Tensor loss = cd;
        double kl = 0;
        if (!model.config().autoencoder()) {
            Tensor klDim = KlDivergence.perDimension(o.mu(), o.logvar());
            kl = klDim.sum().item();
            // Kept in the graph even at beta 0, so the logvar head stays connected to the loss.
            loss = cd.add(KlDivergence.withFreeBits(klDim, freeBits).mul(beta));
        }
        optimizer.zeroGrad();
        loss.backward();
        double chamfer = cd.item();
        if (!Double.isFinite(chamfer) || !Double.isFinite(kl)) {
            throw new DivergenceException("the loss is not finite (Chamfer " + chamfer + ", KL " + kl + ")");
        }
        String badGrad = firstNonFiniteGradient();
        if (badGrad != null) throw new DivergenceException("the gradient of " + badGrad + " is not finite");
        if (hook != null) hook.beforeStep();
        optimizer.step();
        if (hook != null) hook.afterStep();
        return new Losses(chamfer, kl);
    }

    private String firstNonFiniteGradient() {
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            Tensor g = e.getValue().grad();
            if (g == null) continue;
            if (g.dtype() == DType.FLOAT64) {
                for (double v : g.doubleData()) if (!Double.isFinite(v)) return e.getKey();
            } else {
                for (float v : g.floatData()) if (!Float.isFinite(v)) return e.getKey();
            }
        }
        return null;
    }
}
