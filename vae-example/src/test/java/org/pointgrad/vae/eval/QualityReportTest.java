package org.pointgrad.vae.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.vae.model.PointCloudVae;
import org.pointgrad.vae.model.VaeConfig;
import org.pointgrad.vae.train.TrainingData;

/** The reference row of the quality report, and eval samples decoded on the regular template. */
class QualityReportTest {
    static final String REFERENCE_LINE = "reference: reconstructions of training shapes (the best any prior can do)";

    static QualityReport report(QualityReport.SampleScores reference) {
        Map<String, QualityReport.SampleScores> samples = new LinkedHashMap<>();
        samples.put("standard", new QualityReport.SampleScores(0.01, 0.3, 0.9, 16));
        samples.put("gmm:8", new QualityReport.SampleScores(0.005, 0.45, 0.8, 16));
        return new QualityReport(0.002, 0.3, 0.95, 12, 32, 1024, 0.01, 0.05, samples, reference);
    }

    /** The text between the braces of the JSON object that follows {@code "key":}. */
    static String objectAfter(String json, String key) {
        int start = json.indexOf('{', json.indexOf("\"" + key + "\""));
        int depth = 0;
        for (int i = start; i < json.length(); i++) {
            if (json.charAt(i) == '{') depth++;
            if (json.charAt(i) == '}' && --depth == 0) return json.substring(start, i + 1);
        }
        throw new AssertionError("unbalanced JSON: " + json);
    }

    @Test
    void jsonHasTheReferenceRowOutsideSamples() {
        String json =
                report(new QualityReport.SampleScores(0.004, 0.55, 0.885, 16)).toJson();
        String samples = objectAfter(json, "samples");
        assertFalse(samples.contains("reference"), samples);
        assertTrue(samples.contains("\"gmm:8\""), samples);
        String ref = objectAfter(json, "reference_training_reconstructions");
        assertTrue(ref.contains("\"one_nna_cd\": 0.88500000"), ref);
        assertTrue(ref.contains("\"cov_cd\": 0.55000000"), ref);
        assertTrue(ref.contains("\"count\": 16"), ref);
        // Still one well-formed object: braces balance and the document ends with the outer one.
        assertEquals(json.strip(), objectAfter("{\"x\": " + json.strip() + "}", "x"));
    }

    @Test
    void tablePrintsTheReferenceUnderTheSamplesWithoutATarget() {
        String table =
                report(new QualityReport.SampleScores(0.004, 0.55, 0.885, 16)).table();
        int ref = table.indexOf(REFERENCE_LINE);
        assertTrue(ref > table.lastIndexOf("samples (gmm:8 prior)"), table);
        String after = table.substring(ref);
        assertTrue(after.contains("88.5%"), after);
        assertFalse(
                after.contains("<= 75%") || after.contains(">= 40%"),
                "the reference row must not claim a target: " + after);
        assertFalse(report(null).table().contains("reference"));
        assertFalse(report(null).toJson().contains("reference"));
    }

    static PointCloudVae tinyModel() {
        VaeConfig c = VaeConfig.defaults()
                .withEncoderWidths(3, 16)
                .withHeadWidth(16)
                .withLatent(4)
                .withPatches(2)
                .withHidden(16);
        return new PointCloudVae(c, new SplittableRandom(11));
    }

    @Test
    void samplesAreDecodedOnTheRegularTemplate() {
        PointCloudVae m = tinyModel();
        Tensor fixed = Tensor.randn(new SplittableRandom(3), DType.FLOAT32, 5, 4);
        LatentPrior same = new LatentPrior() {
            public Tensor sample(int count, int latent, DType dtype, RandomGenerator rng) {
                return fixed;
            }

            public String name() {
                return "fixed";
            }
        };
        List<float[]> a = Evaluation.sample(m, same, 5, 40, 1), b = Evaluation.sample(m, same, 5, 40, 2);
        float[] regular = m.decode(fixed, 40).toFloatArray();
        int per = regular.length / 5;
        for (int i = 0; i < 5; i++) {
            // With random template points the two seeds would give different points for the same code.
            assertArrayEquals(a.get(i), b.get(i), "sample " + i);
            assertArrayEquals(Arrays.copyOfRange(regular, i * per, (i + 1) * per), a.get(i), "sample " + i);
        }
    }

    @Test
    void evaluateScoresReconstructionsOfTheFirstTrainingShapes() {
        PointCloudVae m = tinyModel();
        TrainingData data = TrainingData.syntheticAirplanes(20, 64, 4); // 16 train, 4 held-out
        QualityReport q = Evaluation.evaluate(m, data, List.of(LatentPrior.standard()), 6, 9);
        QualityReport.SampleScores r = q.trainingReconstructions();
        assertEquals(4, r.count(), "limited by the held-out shapes");
        assertTrue(
                r.oneNna() >= 0 && r.oneNna() <= 1 && r.coverage() > 0 && r.coverage() <= 1 && r.mmd() > 0,
                r.toString());
        List<float[]> rec = Evaluation.trainingReconstructions(m, data, 4);
        Tensor expected = m.reconstruct(TrainingData.batch(data.train(), new int[] {0, 1, 2, 3}, 64), 64);
        float[] e = expected.toFloatArray();
        int per = e.length / 4;
        for (int i = 0; i < 4; i++) assertArrayEquals(Arrays.copyOfRange(e, i * per, (i + 1) * per), rec.get(i));
        assertThrows(IllegalArgumentException.class, () -> Evaluation.trainingReconstructions(m, data, 17));
    }
}
