package org.pointgrad.vae.diagnostics;

import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.diagnostics.GradientFlowReport;
import org.pointgrad.pointcloud.chamfer.ChamferDistance;
import org.pointgrad.vae.loss.KlDivergence;
import org.pointgrad.vae.model.PointCloudVae;
import org.pointgrad.vae.train.TrainingData;

/** The gradient-flow part of {@code pointvae diagnose}: one backward pass with sampling on, and one with it off. */
public final class ModelDiagnosis {
    private ModelDiagnosis() {}

    /** Runs loss = Chamfer + beta * KL on one training batch in training mode and in eval mode; reports both. */
    public static String gradientFlow(PointCloudVae model, TrainingData data, double beta, long seed) {
        int b = Math.min(16, data.train().size());
        int[] idx = new int[b];
        for (int i = 0; i < b; i++) idx[i] = i;
        Tensor x = TrainingData.batch(data.train(), idx, data.points());
        StringBuilder sb = new StringBuilder();
        for (boolean training : new boolean[] {true, false}) {
            model.train(training);
            model.zeroGrad();
            PointCloudVae.Output o = model.forward(x, data.points(), new SplittableRandom(seed));
            Tensor loss = ChamferDistance.compute(o.reconstruction(), x);
            if (!model.config().autoencoder())
                loss = loss.add(KlDivergence.total(o.mu(), o.logvar()).mul(beta));
            Set<String> reachable = GradientFlowReport.reachableParameters(loss, model);
            loss.backward();
            GradientFlowReport r = GradientFlowReport.of(model, reachable, VaeFlowExplainer.options());
            sb.append(String.format(
                    Locale.ROOT,
                    "== gradient flow, %s (beta %.1e, %d shapes) ==%n",
                    training ? "training mode: z = mu + sigma * eps (sampling on)" : "eval mode: z = mu (sampling off)",
                    beta,
                    b));
            sb.append(r.toTable()).append('\n');
        }
        model.zeroGrad();
        model.eval();
        return sb.toString();
    }
}
