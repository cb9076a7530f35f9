package org.pointgrad.vae.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.pointcloud.metrics.ChamferMatrix;
import org.pointgrad.pointcloud.metrics.GenerativeMetrics;
import org.pointgrad.vae.diagnostics.CollapseDiagnostics;
import org.pointgrad.vae.model.PointCloudVae;
import org.pointgrad.vae.train.TrainingData;

/** Computes a {@link QualityReport} for a trained model on the held-out split. */
public final class Evaluation {
    private Evaluation() {}

    /**
     * Reconstruction and collapse figures on the held-out split, generative metrics of samples from each prior,
     * and the reference row: the same metrics for reconstructions (z = mu) of the first n training shapes, which is
     * what a perfect prior (one that reproduces the training codes) could reach at this reconstruction quality.
     *
     * @param maxShapes held-out shapes used (and samples drawn per prior, and training shapes in the reference row)
     */
    public static QualityReport evaluate(
            PointCloudVae model, TrainingData data, List<LatentPrior> priors, int maxShapes, long seed) {
        int points = data.points();
        CollapseDiagnostics.Result d =
                CollapseDiagnostics.evaluate(model, data.test(), data.testLabels(), points, maxShapes);
        // Line probe: the first held-out shape flattened onto the x axis.
        float[] probe = data.test().get(0).clone();
        for (int i = 0; i < probe.length; i += 3) {
            probe[i + 1] = 0;
            probe[i + 2] = 0;
        }
        Tensor probeT = Tensor.wrap(probe, 1, points, 3);
        float[] probeRec =
                TrainingData.unpack(model.reconstruct(probeT, points)).get(0).xyz();
        float[] mean = meanShape(model, data, points);
        double probeRecon = ChamferMatrix.distance(probeRec, probe, 3);
        double probeMean = ChamferMatrix.distance(mean, probe, 3);

        int n = Math.min(maxShapes, data.test().size());
        List<float[]> reference = data.test().subList(0, n);
        Map<String, QualityReport.SampleScores> samples = new LinkedHashMap<>();
        for (LatentPrior prior : priors) {
            List<float[]> gen = sample(model, prior, n, points, seed);
            GenerativeMetrics.Scores s = GenerativeMetrics.evaluate(gen, reference, 3);
            samples.put(
                    prior.name(),
                    new QualityReport.SampleScores(s.mmd(), s.coverage(), s.oneNearestNeighborAccuracy(), n));
        }
        int nTrain = Math.min(n, data.train().size());
        GenerativeMetrics.Scores r = GenerativeMetrics.evaluate(
                trainingReconstructions(model, data, nTrain), data.test().subList(0, nTrain), 3);
        QualityReport.SampleScores bound =
                new QualityReport.SampleScores(r.mmd(), r.coverage(), r.oneNearestNeighborAccuracy(), nTrain);
        return new QualityReport(
                d.reconstruction(),
                d.specificity(),
                d.familyKept(),
                d.activeUnits(),
                model.config().latent(),
                data.points(),
                probeRecon,
                probeMean,
                samples,
                bound);
    }

    /**
     * Reconstructions (z = mu, regular template, as {@link #sample}) of the first {@code count} training shapes,
     * each of {@code data.points()} inputs.
     */
    public static List<float[]> trainingReconstructions(PointCloudVae model, TrainingData data, int count) {
        if (count < 1 || count > data.train().size()) {
            throw new IllegalArgumentException("training reconstructions: count must be in [1, "
                    + data.train().size() + "], got " + count);
        }
        List<float[]> out = new ArrayList<>();
        for (int s = 0; s < count; s += 32) {
            int[] idx = new int[Math.min(32, count - s)];
            for (int i = 0; i < idx.length; i++) idx[i] = s + i;
            Tensor x = TrainingData.batch(data.train(), idx, data.points());
            for (var pc : TrainingData.unpack(model.reconstruct(x, data.points()))) out.add(pc.xyz());
        }
        return out;
    }

    /** The decoded mean code of (up to 256) training shapes: what a collapsed model outputs for every input. */
    public static float[] meanShape(PointCloudVae model, TrainingData data, int points) {
        int n = Math.min(256, data.train().size());
        int z = model.config().latent();
        double[] sum = new double[z];
        for (int s = 0; s < n; s += 32) {
            int[] idx = new int[Math.min(32, n - s)];
            for (int i = 0; i < idx.length; i++) idx[i] = s + i;
            double[] mu = model.encode(TrainingData.batch(data.train(), idx, points))
                    .mu()
                    .toDoubleArray();
            for (int i = 0; i < mu.length; i++) sum[i % z] += mu[i];
        }
        double[] m = new double[z];
        for (int i = 0; i < z; i++) m[i] = sum[i] / n;
        Tensor code = Tensor.of(m, 1, z).to(model.config().dtype());
        return TrainingData.unpack(model.decode(code, points)).get(0).xyz();
    }

    /**
     * Decodes {@code count} codes drawn from {@code prior} (seeded by {@code seed}) on the model's regular eval
     * template: every sample uses the same fixed grid points of each patch, as reconstructions do, so samples and
     * reconstructions are scored alike. The points are therefore evenly spread in template space, not a uniform
     * random sample of the decoded surface; at least {@code points} points per sample (a whole number per patch).
     */
    public static List<float[]> sample(PointCloudVae model, LatentPrior prior, int count, int points, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor z = prior.sample(count, model.config().latent(), model.config().dtype(), rng);
        List<float[]> out = new ArrayList<>();
        for (int s = 0; s < count; s += 32) {
            Tensor part = z.narrow(0, s, Math.min(32, count - s));
            for (var pc : TrainingData.unpack(model.decode(part, points))) out.add(pc.xyz());
        }
        return out;
    }
}
