package org.pointgrad.nn.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.layers.ReLU;
import org.pointgrad.nn.pointnet.PointNetEncoder;
import org.pointgrad.nn.pointnet.SharedMLP;

/** When the planner takes a module's plan, and when it rebuilds it. */
class InferencePlannerTest {
    private static PointNetEncoder encoder(DType dtype) {
        SharedMLP mlp = new SharedMLP(new int[] {3, 8, 16}, false, true, ReLU::new, dtype, new SplittableRandom(1));
        PointNetEncoder enc = new PointNetEncoder(mlp);
        enc.eval();
        return enc;
    }

    @Test
    void thePlanIsTakenOnlyInEvalModeWithoutAGraphOrAnomalyModeForItsDtype() {
        PointNetEncoder enc = encoder(DType.FLOAT32);
        Tensor x = Tensor.randn(new SplittableRandom(2), DType.FLOAT32, 2, 10, 3);
        assertFalse(InferencePlanner.fastPath(enc, x).isPresent(), "grad enabled");
        try (var s = Autograd.noGrad()) {
            assertTrue(InferencePlanner.fastPath(enc, x).isPresent());
            assertFalse(InferencePlanner.fastPath(enc, x.to(DType.FLOAT64)).isPresent(), "other dtype");
            Autograd.setAnomalyMode(true);
            try {
                assertFalse(InferencePlanner.fastPath(enc, x).isPresent(), "anomaly mode");
            } finally {
                Autograd.setAnomalyMode(false);
            }
            enc.train(true);
            assertFalse(InferencePlanner.fastPath(enc, x).isPresent(), "training mode");
        }
    }

    @Test
    void theCachedPlanIsRebuiltAfterAnInPlaceChangeAndGivesTheNewValues() {
        PointNetEncoder enc = encoder(DType.FLOAT64);
        Tensor x = Tensor.randn(new SplittableRandom(3), DType.FLOAT64, 2, 150, 3);
        PooledMlpPlan first = InferencePlanner.planFor(enc).orElseThrow();
        assertSame(first, InferencePlanner.planFor(enc).orElseThrow(), "unchanged: the same plan");
        double[] before;
        try (var s = Autograd.noGrad()) {
            before = enc.forward(x).toDoubleArray();
        }
        Tensor bias = enc.namedParameters().get("mlp.2.bias");
        bias.doubleData()[3] += 10;
        bias.bumpVersion();
        assertNotSame(first, InferencePlanner.planFor(enc).orElseThrow());
        double[] graph = enc.forward(x).toDoubleArray(), after;
        try (var s = Autograd.noGrad()) {
            after = enc.forward(x).toDoubleArray();
        }
        assertFalse(before[3] == after[3], "channel 3 moved with its bias");
        assertArrayEquals(graph, after, 0.0);
    }
}
