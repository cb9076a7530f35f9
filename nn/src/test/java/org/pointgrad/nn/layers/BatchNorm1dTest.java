package org.pointgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.GradCheck;
import org.pointgrad.autodiff.Tensor;

class BatchNorm1dTest {
    // Channel 0 = [1, 2, 3, 4]: mean 2.5, biased var 1.25, unbiased var 5/3.
    // Channel 1 = [0, 0, 2, 2]: mean 1, biased var 1, unbiased var 4/3.
    private static Tensor batch() {
        return Tensor.of(new double[] {1, 0, 2, 0, 3, 2, 4, 2}, 4, 2);
    }

    @Test
    void trainingNormalisesWithBatchStatistics() {
        BatchNorm1d bn = new BatchNorm1d(2, DType.FLOAT64);
        Tensor y = bn.forward(batch());
        double s0 = Math.sqrt(1.25 + 1e-5), s1 = Math.sqrt(1.0 + 1e-5);
        assertArrayEquals(
                new double[] {-1.5 / s0, -1 / s1, -0.5 / s0, -1 / s1, 0.5 / s0, 1 / s1, 1.5 / s0, 1 / s1},
                y.toDoubleArray(),
                1e-12);
    }

    @Test
    void runningStatisticsUseMomentumAndUnbiasedVariance() {
        BatchNorm1d bn = new BatchNorm1d(2, DType.FLOAT64);
        bn.forward(batch());
        // running = 0.9 * initial + 0.1 * batch; initial mean 0, var 1
        assertArrayEquals(new double[] {0.25, 0.1}, bn.runningMean().toDoubleArray(), 1e-15);
        assertArrayEquals(
                new double[] {0.9 + 0.1 * 5.0 / 3.0, 0.9 + 0.1 * 4.0 / 3.0},
                bn.runningVar().toDoubleArray(),
                1e-15);
        assertEquals(1.0, bn.namedBuffers().get("num_batches_tracked").item());
    }

    @Test
    void evalUsesRunningStatisticsEvenForOneSample() {
        BatchNorm1d bn = new BatchNorm1d(2, DType.FLOAT64);
        bn.forward(batch());
        bn.eval();
        Tensor y = bn.forward(Tensor.of(new double[] {1, 1}, 1, 2));
        double rv0 = 0.9 + 0.1 * 5.0 / 3.0, rv1 = 0.9 + 0.1 * 4.0 / 3.0;
        assertArrayEquals(
                new double[] {(1 - 0.25) / Math.sqrt(rv0 + 1e-5), (1 - 0.1) / Math.sqrt(rv1 + 1e-5)},
                y.toDoubleArray(),
                1e-12);
        // Evaluation must not move the running statistics.
        assertArrayEquals(new double[] {0.25, 0.1}, bn.runningMean().toDoubleArray(), 0);
    }

    @Test
    void affineScaleAndShiftApply() {
        BatchNorm1d bn = new BatchNorm1d(2, DType.FLOAT64);
        bn.weight().setFlat(0, 2.0);
        bn.bias().setFlat(1, 3.0);
        Tensor y = bn.forward(batch());
        assertEquals(2 * -1.5 / Math.sqrt(1.25 + 1e-5), y.get(0, 0), 1e-12);
        assertEquals(3 - 1 / Math.sqrt(1 + 1e-5), y.get(0, 1), 1e-12);
    }

    @Test
    void pointCloudInputPoolsBatchAndPoints() {
        Tensor x = Tensor.randn(new SplittableRandom(3), DType.FLOAT64, 2, 5, 3);
        BatchNorm1d a = new BatchNorm1d(3, DType.FLOAT64), b = new BatchNorm1d(3, DType.FLOAT64);
        Tensor y3 = a.forward(x);
        Tensor y2 = b.forward(x.reshape(10, 3));
        assertArrayEquals(y2.toDoubleArray(), y3.toDoubleArray(), 1e-12);
        assertArrayEquals(b.runningVar().toDoubleArray(), a.runningVar().toDoubleArray(), 1e-15);
        assertArrayEquals(new int[] {2, 5, 3}, y3.shape());
    }

    @Test
    void oneValuePerChannelInTrainingIsAClearError() {
        BatchNorm1d bn = new BatchNorm1d(256);
        var e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(DType.FLOAT32, 1, 256)));
        assertEquals(
                "BatchNorm1d: expected more than 1 value per channel when training, got input shape (1,256)",
                e.getMessage());
        assertArrayEquals(new double[256], bn.runningMean().toDoubleArray(), 0);
    }

    @Test
    void pyTorchNames() {
        BatchNorm1d bn = new BatchNorm1d(4);
        assertEquals(
                List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(bn.stateDict().keySet()));
    }

    @Test
    void gradientCheckInTraining() {
        BatchNorm1d bn = new BatchNorm1d(3, DType.FLOAT64);
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < 3; i++) {
            bn.weight().setFlat(i, 0.5 + rng.nextDouble());
            bn.bias().setFlat(i, rng.nextDouble() - 0.5);
        }
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 2, 4, 3);
        GradCheck.check(in -> bn.forward(in[0]), x).assertPassed();
        Tensor r = Tensor.randn(rng, DType.FLOAT64, 2, 4, 3);
        ParameterGradCheck.assertParameterGradients(
                bn, () -> bn.forward(x).mul(r).sum(), 1e-6);
    }

    @Test
    void gradientCheckInEval() {
        BatchNorm1d bn = new BatchNorm1d(3, DType.FLOAT64);
        SplittableRandom rng = new SplittableRandom(5);
        bn.forward(Tensor.randn(rng, DType.FLOAT64, 6, 3));
        bn.eval();
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 4, 3);
        GradCheck.check(in -> bn.forward(in[0]), x).assertPassed();
    }
}
