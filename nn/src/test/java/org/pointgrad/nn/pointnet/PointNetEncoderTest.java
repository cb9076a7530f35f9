package org.pointgrad.nn.pointnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.GradCheck;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.layers.ParameterGradCheck;
import org.pointgrad.nn.layers.ReLU;
import org.pointgrad.nn.layers.Tanh;

class PointNetEncoderTest {
    /** Shuffles the points of each cloud independently. */
    private static Tensor permutePoints(Tensor x, SplittableRandom rng) {
        int b = x.size(0), n = x.size(1), c = x.size(2);
        Tensor out = Tensor.zeros(x.dtype(), b, n, c);
        for (int i = 0; i < b; i++) {
            int[] perm = new int[n];
            for (int j = 0; j < n; j++) perm[j] = j;
            for (int j = n - 1; j > 0; j--) {
                int k = rng.nextInt(j + 1);
                int t = perm[j];
                perm[j] = perm[k];
                perm[k] = t;
            }
            for (int j = 0; j < n; j++) {
                for (int ch = 0; ch < c; ch++) out.setFlat((i * n + j) * c + ch, x.getFlat((i * n + perm[j]) * c + ch));
            }
        }
        return out;
    }

    @Test
    void defaultShapeAndNames() {
        PointNetEncoder enc = new PointNetEncoder(new SplittableRandom(1));
        Tensor x = Tensor.randn(new SplittableRandom(2), DType.FLOAT32, 2, 50, 3);
        assertArrayEquals(new int[] {2, 256}, enc.forward(x).shape());
        assertEquals(256, enc.featureSize());
        assertTrue(
                enc.namedParameters().containsKey("mlp.0.weight"),
                enc.namedParameters().keySet().toString());
        assertTrue(
                enc.namedBuffers().containsKey("mlp.1.running_mean"),
                enc.namedBuffers().keySet().toString());
        // 3*64+64 + 64*128+128 + 128*256+256 linear + 2*(64+128+256) batch-norm affine
        assertEquals(3 * 64 + 64 + 64 * 128 + 128 + 128 * 256 + 256 + 2 * (64 + 128 + 256), enc.parameterCount());
    }

    @Test
    void permutingPointsLeavesOutputExactlyUnchanged() {
        for (DType dtype : DType.values()) {
            PointNetEncoder enc = new PointNetEncoder(new int[] {3, 16, 32}, false, dtype, new SplittableRandom(3));
            Tensor x = Tensor.randn(new SplittableRandom(4), dtype, 3, 40, 3);
            Tensor xp = permutePoints(x, new SplittableRandom(5));
            assertTrue(x.toDoubleArray()[0] != xp.toDoubleArray()[0] || x.toDoubleArray()[3] != xp.toDoubleArray()[3]);
            assertArrayEquals(enc.forward(x).toDoubleArray(), enc.forward(xp).toDoubleArray(), 0.0, dtype.toString());

            // With BatchNorm in eval mode the per-point map is still fixed, so invariance stays exact.
            PointNetEncoder bn = new PointNetEncoder(new int[] {3, 16, 32}, true, dtype, new SplittableRandom(3));
            bn.forward(x);
            bn.eval();
            assertArrayEquals(bn.forward(x).toDoubleArray(), bn.forward(xp).toDoubleArray(), 0.0, dtype + " eval BN");
        }
    }

    @Test
    void permutationInvariantInTrainingWithBatchNormUpToRounding() {
        // Batch statistics are sums over points, whose rounding depends on the order.
        PointNetEncoder enc = new PointNetEncoder(new int[] {3, 16, 32}, true, DType.FLOAT64, new SplittableRandom(3));
        Tensor x = Tensor.randn(new SplittableRandom(4), DType.FLOAT64, 3, 40, 3);
        assertArrayEquals(
                enc.forward(x).toDoubleArray(),
                enc.forward(permutePoints(x, new SplittableRandom(6))).toDoubleArray(),
                1e-12);
    }

    @Test
    void gradientCheckOfTinySharedMlpWithMaxPool() {
        SharedMLP mlp =
                new SharedMLP(new int[] {3, 4, 5}, false, true, Tanh::new, DType.FLOAT64, new SplittableRandom(7));
        PointNetEncoder enc = new PointNetEncoder(mlp);
        Tensor x = Tensor.randn(new SplittableRandom(8), DType.FLOAT64, 2, 6, 3);
        GradCheck.check(in -> enc.forward(in[0]), x).assertPassed();
        Tensor r = Tensor.randn(new SplittableRandom(9), DType.FLOAT64, 2, 5);
        ParameterGradCheck.assertParameterGradients(
                enc, () -> enc.forward(x).mul(r).sum(), 1e-6);
    }

    @Test
    void gradientCheckWithReluAndBatchNorm() {
        SharedMLP mlp =
                new SharedMLP(new int[] {3, 4, 5}, true, true, ReLU::new, DType.FLOAT64, new SplittableRandom(7));
        PointNetEncoder enc = new PointNetEncoder(mlp);
        Tensor x = Tensor.randn(new SplittableRandom(10), DType.FLOAT64, 2, 6, 3);
        GradCheck.check(in -> enc.forward(in[0]), x).assertPassed();
    }

    @Test
    void gradientsReachAllLayers() {
        PointNetEncoder enc = new PointNetEncoder(new SplittableRandom(11));
        Tensor x = Tensor.randn(new SplittableRandom(12), DType.FLOAT32, 2, 64, 3);
        enc.forward(x).square().mean().backward();
        enc.namedParameters().forEach((name, p) -> {
            assertNotNull(p.grad(), name);
            assertTrue(p.grad().abs().sum().item() > 0, "zero gradient at " + name);
        });
    }

    @Test
    void sharedMlpWithoutLastActivationCanBeNegative() {
        SharedMLP mlp =
                new SharedMLP(new int[] {3, 8, 4}, true, false, ReLU::new, DType.FLOAT64, new SplittableRandom(13));
        assertEquals(5, mlp.children().size()); // Linear, BN, ReLU, Linear, BN
        Tensor y = mlp.forward(Tensor.randn(new SplittableRandom(14), DType.FLOAT64, 2, 10, 3));
        assertArrayEquals(new int[] {2, 10, 4}, y.shape());
        assertTrue(y.min().item() < 0);
    }

    @Test
    void wrongInputShapeIsNamed() {
        PointNetEncoder enc = new PointNetEncoder(new SplittableRandom(1));
        var e = assertThrows(IllegalArgumentException.class, () -> enc.forward(Tensor.zeros(DType.FLOAT32, 2, 10, 6)));
        assertTrue(e.getMessage().contains("(2,10,6)") && e.getMessage().contains("(B, N, 3)"), e.getMessage());
    }
}
