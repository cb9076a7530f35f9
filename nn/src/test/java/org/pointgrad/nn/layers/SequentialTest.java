package org.pointgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.init.LinearInit;

class SequentialTest {
    @Test
    void childrenAreNamedByIndex() {
        SplittableRandom rng = new SplittableRandom(1);
        Sequential s = new Sequential(new Linear(2, 3, rng), new ReLU(), new Linear(3, 1, rng));
        assertEquals(List.of("0", "1", "2"), List.copyOf(s.children().keySet()));
        assertEquals(
                List.of("0.weight", "0.bias", "2.weight", "2.bias"),
                List.copyOf(s.namedParameters().keySet()));
        assertEquals(3, s.size());
    }

    @Test
    void appliesLayersInOrder() {
        Linear l = new Linear(1, 1, DType.FLOAT64, LinearInit.pytorchDefault(), new SplittableRandom(1));
        l.weight().setFlat(0, -2.0);
        l.bias().setFlat(0, 1.0);
        // relu(-2x + 1) at x = [1, -1] is [0, 3]; the other order would give [-1, 1].
        Sequential s = new Sequential(l, new ReLU());
        assertArrayEquals(
                new double[] {0, 3},
                s.forward(Tensor.of(new double[] {1, -1}, 2, 1)).toDoubleArray(),
                0);
    }

    @Test
    void trainAndEvalReachChildren() {
        Dropout d = new Dropout(0.5, 1);
        Sequential s = new Sequential(new Sequential(d));
        s.eval();
        assertEquals(false, d.isTraining());
        s.train(true);
        assertEquals(true, d.isTraining());
    }
}
