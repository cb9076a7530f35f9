package org.pointgrad.nn.pointnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.AnomalyException;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.nn.inference.InferencePlanner;
import org.pointgrad.nn.layers.LeakyReLU;
import org.pointgrad.nn.layers.ReLU;

/** In eval mode without a graph, the encoder's block-wise pooled plan gives the values of the layer-by-layer path. */
class PooledPointMlpProperties {
    @Property(tries = 40)
    void pooledForwardEqualsLayerByLayer(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 300) int points,
            @ForAll @IntRange(min = 1, max = 40) int hidden,
            @ForAll @IntRange(min = 1, max = 2) int threads) {
        int saved = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            SplittableRandom rng = new SplittableRandom(seed);
            DType dtype = rng.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
            int out = 1 + rng.nextInt(70);
            SharedMLP mlp = new SharedMLP(new int[] {3, hidden, out}, false, rng.nextBoolean(), ReLU::new, dtype, rng);
            PointNetEncoder enc = new PointNetEncoder(mlp);
            enc.eval();
            var plan = InferencePlanner.planFor(enc);
            assertTrue(plan.isPresent());
            // The tests run with the Vector API module, so the panel layout is the path under test.
            assertEquals(Kernels.matmul().panels().isPresent(), plan.get().usesPanels(), "panel path taken");
            Tensor x = Tensor.randn(rng, dtype, batch, points, 3);
            double[] layered = enc.forward(x).toDoubleArray(); // grad enabled: the layer-by-layer path
            double[] pooled;
            try (var s = Autograd.noGrad()) {
                pooled = enc.forward(x).toDoubleArray();
            }
            // Each output of a product with k <= 256 is one fused multiply-add chain in k order on every kernel path,
            // so the two paths agree exactly.
            assertArrayEquals(layered, pooled, 0.0);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void moreThanOneKBlockAndOneRowBlocksStillMatchExactly() {
        // 300 inputs to the last layer: more than one k-block of the kernel; 133 points: a last block of one row.
        for (DType dtype : DType.values()) {
            for (boolean activateLast : new boolean[] {false, true}) {
                SplittableRandom rng = new SplittableRandom(11);
                SharedMLP mlp = new SharedMLP(new int[] {3, 300, 8}, false, activateLast, ReLU::new, dtype, rng);
                PointNetEncoder enc = new PointNetEncoder(mlp);
                enc.eval();
                Tensor x = Tensor.randn(rng, dtype, 2, 133, 3);
                double[] layered = mlp.forward(x).max(1, false).toDoubleArray();
                try (var s = Autograd.noGrad()) {
                    assertArrayEquals(
                            layered, enc.forward(x).toDoubleArray(), 0.0, dtype + " activateLast " + activateLast);
                }
                assertArrayEquals(layered, enc.forward(x).toDoubleArray(), 0.0, dtype + " fused training path");
            }
        }
    }

    @Test
    void anomalyModeTakesTheLayerByLayerPathAndCatchesAHiddenInfinity() {
        SplittableRandom rng = new SplittableRandom(12);
        SharedMLP mlp = new SharedMLP(new int[] {3, 8, 4}, false, true, ReLU::new, DType.FLOAT64, rng);
        mlp.layers().get(0).namedParameters().get("bias").setFlat(0, Double.POSITIVE_INFINITY);
        // The next layer's negative weights turn +inf into -inf, which the last ReLU would hide in the pooled output.
        Tensor w2 = mlp.layers().get(2).namedParameters().get("weight");
        for (int j = 0; j < 4; j++) w2.setFlat(j * 8, -1);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 1, 5, 3);
        Autograd.setAnomalyMode(true);
        try (var s = Autograd.noGrad()) {
            PointNetEncoder enc = new PointNetEncoder(mlp);
            enc.eval();
            assertThrows(AnomalyException.class, () -> enc.forward(x));
        } finally {
            Autograd.setAnomalyMode(false);
        }
    }

    @Test
    void pooledPathTakesOnlyLinearAndRelu() {
        SplittableRandom rng = new SplittableRandom(3);
        SharedMLP leaky = new SharedMLP(new int[] {3, 8, 4}, false, true, LeakyReLU::new, DType.FLOAT32, rng);
        assertFalse(InferencePlanner.planFor(new PointNetEncoder(leaky)).isPresent());
        SharedMLP bn = new SharedMLP(new int[] {3, 8, 4}, true, true, ReLU::new, DType.FLOAT32, rng);
        assertFalse(InferencePlanner.planFor(new PointNetEncoder(bn)).isPresent());
        // Those still run through the general path without a graph.
        Tensor x = Tensor.randn(rng, DType.FLOAT32, 2, 5, 3);
        double[] withGraph = new PointNetEncoder(leaky).forward(x).toDoubleArray();
        try (var s = Autograd.noGrad()) {
            assertArrayEquals(withGraph, new PointNetEncoder(leaky).forward(x).toDoubleArray(), 0.0);
        }
    }

    @Test
    void manyCloudsOnTwoThreadsShareLaneMaximaAcrossBlocksExactly() {
        // 10 clouds of 1000 points: 8 blocks a cloud, so pieces span several blocks (and start inside clouds).
        int saved = Parallel.threads();
        try {
            for (DType dtype : DType.values()) {
                SplittableRandom rng = new SplittableRandom(21);
                SharedMLP mlp = new SharedMLP(new int[] {3, 64, 128, 256}, false, true, ReLU::new, dtype, rng);
                PointNetEncoder enc = new PointNetEncoder(mlp);
                enc.eval();
                Tensor x = Tensor.randn(rng, dtype, 10, 1000, 3);
                double[] layered = mlp.forward(x).max(1, false).toDoubleArray();
                for (int threads : new int[] {1, 2}) {
                    Parallel.setThreads(threads);
                    try (var s = Autograd.noGrad()) {
                        assertArrayEquals(layered, enc.forward(x).toDoubleArray(), 0.0, dtype + " threads " + threads);
                    }
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void nanInAPointGivesNanFeatureAsTheLayeredPathDoes() {
        SplittableRandom rng = new SplittableRandom(5);
        SharedMLP mlp = new SharedMLP(new int[] {3, 16, 8}, false, true, ReLU::new, DType.FLOAT64, rng);
        PointNetEncoder enc = new PointNetEncoder(mlp);
        enc.eval();
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 2, 200, 3);
        x.setFlat((200 + 150) * 3 + 1, Double.NaN); // cloud 1, second block
        double[] layered = enc.forward(x).toDoubleArray();
        double[] pooled;
        try (var s = Autograd.noGrad()) {
            pooled = enc.forward(x).toDoubleArray();
        }
        for (int j = 0; j < 8; j++) {
            assertFalse(Double.isNaN(pooled[j]), "cloud 0 has no NaN");
            assertEquals(Double.isNaN(layered[8 + j]), Double.isNaN(pooled[8 + j]), "channel " + j);
        }
        assertArrayEquals(layered, pooled, 0.0);
    }
}
