package org.pointgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.GradCheck;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.init.LinearInit;

class LinearTest {
    private static Linear handSet() {
        Linear l = new Linear(2, 3, DType.FLOAT64, LinearInit.pytorchDefault(), new SplittableRandom(1));
        double[] w = {1, 2, 3, 4, 5, 6}; // (out=3, in=2)
        double[] b = {0.5, -0.5, 1};
        for (int i = 0; i < 6; i++) l.weight().setFlat(i, w[i]);
        for (int i = 0; i < 3; i++) l.bias().setFlat(i, b[i]);
        return l;
    }

    @Test
    void weightIsOutByInWithPyTorchNames() {
        Linear l = new Linear(5, 7, new SplittableRandom(3));
        assertArrayEquals(new int[] {7, 5}, l.weight().shape());
        assertArrayEquals(new int[] {7}, l.bias().shape());
        assertEquals(List.of("weight", "bias"), List.copyOf(l.namedParameters().keySet()));
        assertEquals(DType.FLOAT32, l.weight().dtype());
        assertEquals(42, l.parameterCount());
    }

    @Test
    void forwardIsXTimesWTransposePlusB() {
        Linear l = handSet();
        Tensor y = l.forward(Tensor.of(new double[] {1, -1, 2, 0.5}, 2, 2));
        // row (1,-1): [1-2, 3-4, 5-6] + b = [-0.5, -1.5, 0]; row (2,0.5): [2+1, 6+2, 10+3] + b = [3.5, 7.5, 14]
        assertArrayEquals(new double[] {-0.5, -1.5, 0, 3.5, 7.5, 14}, y.toDoubleArray(), 1e-12);
    }

    @Test
    void sharedOverBatchAndPoints() {
        Linear l = handSet();
        Tensor x = Tensor.randn(new SplittableRandom(5), DType.FLOAT64, 2, 4, 2);
        Tensor y = l.forward(x);
        assertArrayEquals(new int[] {2, 4, 3}, y.shape());
        // Every point is mapped by the same layer as a lone (1, 2) row.
        for (int b = 0; b < 2; b++) {
            for (int p = 0; p < 4; p++) {
                Tensor row = Tensor.of(new double[] {x.get(b, p, 0), x.get(b, p, 1)}, 1, 2);
                Tensor r = l.forward(row);
                for (int c = 0; c < 3; c++) assertEquals(r.get(0, c), y.get(b, p, c), 1e-12);
            }
        }
    }

    @Test
    void vectorInputAndNoBias() {
        Linear l = new Linear(2, 3, false, DType.FLOAT64, LinearInit.kaimingNormal(), new SplittableRandom(1));
        assertNull(l.bias());
        assertEquals(1, l.namedParameters().size());
        assertArrayEquals(
                new int[] {3}, l.forward(Tensor.of(new double[] {1, 2}, 2)).shape());
    }

    @Test
    void gradientCheckInFloat64() {
        Linear l = new Linear(3, 4, DType.FLOAT64, LinearInit.pytorchDefault(), new SplittableRandom(2));
        Tensor x = Tensor.randn(new SplittableRandom(9), DType.FLOAT64, 2, 5, 3);
        GradCheck.check(in -> l.forward(in[0]), x).assertPassed();
        ParameterGradCheck.assertParameterGradients(
                l, () -> l.forward(x).square().sum(), 1e-6);
    }

    @Test
    void float32ForwardMatchesFloat64() {
        Linear l64 = new Linear(4, 3, DType.FLOAT64, LinearInit.pytorchDefault(), new SplittableRandom(2));
        Linear l32 = new Linear(4, 3, DType.FLOAT32, LinearInit.pytorchDefault(), new SplittableRandom(2));
        Tensor x = Tensor.randn(new SplittableRandom(9), DType.FLOAT64, 6, 4);
        Tensor y32 = l32.forward(x.to(DType.FLOAT32));
        assertEquals(DType.FLOAT32, y32.dtype());
        assertArrayEquals(l64.forward(x).toDoubleArray(), y32.toDoubleArray(), 1e-5);
    }

    @Test
    void badInputIsNamed() {
        Linear l = new Linear(3, 4, new SplittableRandom(1));
        var e = assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(DType.FLOAT32, 2, 5, 4)));
        assertTrue(e.getMessage().contains("Linear(3->4)") && e.getMessage().contains("(2,5,4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(DType.FLOAT64, 2, 3)));
        assertTrue(e.getMessage().contains("FLOAT64"), e.getMessage());
    }

    @Test
    void sameSeedSameWeights() {
        Linear a = new Linear(8, 8, new SplittableRandom(42)), b = new Linear(8, 8, new SplittableRandom(42));
        Linear c = new Linear(8, 8, new SplittableRandom(43));
        assertArrayEquals(a.weight().toDoubleArray(), b.weight().toDoubleArray(), 0.0);
        assertTrue(a.weight().getFlat(0) != c.weight().getFlat(0));
    }
}
