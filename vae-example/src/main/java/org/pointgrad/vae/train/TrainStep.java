package org.pointgrad.vae.train;

import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.optim.Optimizer;
import org.pointgrad.pointcloud.chamfer.ChamferDistance;
import org.pointgrad.vae.loss.KlDivergence;
import org.pointgrad.vae.model.PointCloudVae;

/**
 * One optimisation step of the VAE: forward, loss = Chamfer + beta * KL (free bits optional), backward, optimizer
 * step. Shared by the trainer and the benchmarks, so both time the same work.
 */
public final class TrainStep {
    /** The step's loss terms (Chamfer and the unweighted total KL). */
    public record Losses(double chamfer, double kl) {}

    /** Hooks around the optimizer step (the gradient-flow monitor uses them). */
    public interface StepHook {
        void beforeStep();

        void afterStep();
    }

    private final PointCloudVae model;
    private final Optimizer optimizer;

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
        if (hook != null) hook.beforeStep();
        optimizer.step();
        if (hook != null) hook.afterStep();
        return new Losses(cd.item(), kl);
    }
}
