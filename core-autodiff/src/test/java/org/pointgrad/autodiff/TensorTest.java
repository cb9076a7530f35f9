package org.pointgrad.autodiff;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Forward values against hand-computed results, creation, and argument validation. */
class TensorTest {
    private static Tensor t(double[] v, int... shape) {
        return Tensor.of(v, shape);
    }

    @Test
    void creationAndAccessors() {
        Tensor z = Tensor.zeros(DType.FLOAT32, 2, 3);
        assertArrayEquals(new int[] {2, 3}, z.shape());
        assertEquals(DType.FLOAT32, z.dtype());
        assertEquals(6, z.numel());
        assertEquals(7.5, Tensor.full(DType.FLOAT64, 7.5, 2).get(1));
        assertEquals(3.0, Tensor.arange(DType.FLOAT64, 4).get(3));
        Tensor e = Tensor.eye(DType.FLOAT64, 3);
        assertEquals(1.0, e.get(2, 2));
        assertEquals(0.0, e.get(0, 2));
        assertEquals(4.0, Tensor.scalar(4.0).item());
        assertEquals(0, Tensor.scalar(4.0).dim());
    }

    @Test
    void randomCreationIsReproducibleFromTheSeed() {
        Tensor a = Tensor.randn(new SplittableRandom(7), DType.FLOAT64, 4, 5);
        Tensor b = Tensor.randn(new SplittableRandom(7), DType.FLOAT64, 4, 5);
        Tensor c = Tensor.randn(new SplittableRandom(8), DType.FLOAT64, 4, 5);
        assertArrayEquals(a.toDoubleArray(), b.toDoubleArray());
        assertFalse(Arrays.equals(a.toDoubleArray(), c.toDoubleArray()));
        Tensor u = Tensor.rand(new SplittableRandom(1), DType.FLOAT32, 1000);
        for (int i = 0; i < 1000; i++) assertTrue(u.getFlat(i) >= 0 && u.getFlat(i) < 1);
    }

    @Test
    void broadcastingArithmetic() {
        Tensor a = t(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = t(new double[] {10, 20, 30}, 3);
        assertArrayEquals(new double[] {11, 22, 33, 14, 25, 36}, a.add(b).toDoubleArray());
        Tensor col = t(new double[] {2, 3}, 2, 1);
        assertArrayEquals(new double[] {2, 4, 6, 12, 15, 18}, a.mul(col).toDoubleArray());
        assertArrayEquals(new double[] {-9, -18, -27, -6, -15, -24}, a.sub(b).toDoubleArray());
        assertArrayEquals(
                new double[] {0.5, 1, 1.5, 4.0 / 3, 5.0 / 3, 2}, a.div(col).toDoubleArray(), 1e-12);
        assertArrayEquals(
                new int[] {2, 2, 3}, a.add(Tensor.zeros(DType.FLOAT64, 2, 1, 1)).shape());
    }

    @Test
    void unaryValues() {
        Tensor x = t(new double[] {-2, -0.5, 0, 1.5}, 4);
        assertArrayEquals(new double[] {0, 0, 0, 1.5}, x.relu().toDoubleArray());
        assertArrayEquals(new double[] {-0.2, -0.05, 0, 1.5}, x.leakyRelu(0.1).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {2, 0.5, 0, 1.5}, x.abs().toDoubleArray());
        assertArrayEquals(new double[] {4, 0.25, 0, 2.25}, x.square().toDoubleArray());
        assertArrayEquals(new double[] {-1, -0.5, 0, 1}, x.clamp(-1, 1).toDoubleArray());
        assertEquals(Math.tanh(1.5), x.tanh().get(3), 1e-15);
        assertEquals(1 / (1 + Math.exp(2)), x.sigmoid().get(0), 1e-15);
        assertEquals(Math.log(1 + Math.exp(1.5)), x.softplus().get(3), 1e-15);
        assertEquals(8.0, t(new double[] {2}, 1).pow(3).item(), 1e-12);
        assertEquals(3.0, t(new double[] {9}, 1).sqrt().item(), 1e-12);
    }

    @Test
    void softplusAndSigmoidAreStableForExtremeInputs() {
        Tensor x = t(new double[] {-1000, 1000}, 2);
        assertEquals(0.0, x.softplus().get(0), 1e-300);
        assertEquals(1000.0, x.softplus().get(1), 1e-9);
        assertEquals(0.0, x.sigmoid().get(0));
        assertEquals(1.0, x.sigmoid().get(1));
        assertTrue(Double.isFinite(x.requiresGrad(true).softplus().sum().item()));
    }

    @Test
    void whereMaximumMinimum() {
        Tensor m = t(new double[] {1, 0, 1}, 3);
        Tensor a = t(new double[] {1, 2, 3}, 3), b = t(new double[] {10, 20, 30}, 3);
        assertArrayEquals(new double[] {1, 20, 3}, Tensor.where(m, a, b).toDoubleArray());
        assertArrayEquals(new double[] {10, 20, 30}, a.maximum(b).toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 3}, a.minimum(b).toDoubleArray());
    }

    @Test
    void reductions() {
        Tensor x = t(new double[] {1, 5, 3, 4, 2, 6}, 2, 3);
        assertEquals(21.0, x.sum().item());
        assertArrayEquals(new double[] {9, 12}, x.sum(1, false).toDoubleArray());
        assertArrayEquals(new int[] {2, 1}, x.sum(-1, true).shape());
        assertArrayEquals(new double[] {2.5, 3.5, 4.5}, x.mean(0, false).toDoubleArray());
        assertArrayEquals(new double[] {5, 6}, x.max(1, false).toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 3}, x.min(0, false).toDoubleArray());
        assertEquals(6.0, x.max().item());
        double lse = Math.log(Math.exp(1) + Math.exp(5) + Math.exp(3));
        assertEquals(lse, x.logSumExp(new int[] {1}, false).get(0), 1e-12);
        Tensor big = t(new double[] {1000, 1000}, 2);
        assertEquals(1000 + Math.log(2), big.logSumExp().item(), 1e-9);
    }

    @Test
    void maxTieGivesTheWholeGradientToTheFirstMaximum() {
        Tensor x = t(new double[] {3, 1, 3}, 3).requiresGrad(true);
        x.max().backward();
        assertArrayEquals(new double[] {1, 0, 0}, x.grad().toDoubleArray());
    }

    @Test
    void poolingMaxAndMinGiveTheGradientToTheFirstExtremeInEveryColumnAndKeepNaN() {
        // (outer 2, mid 4, inner 3) reduced over mid: the max-pool layout. Ties and a NaN column in both dtypes.
        double[] v = {
            1,
            5,
            0, /**/
            4,
            5,
            Double.NaN, /**/
            4,
            2,
            7, /**/
            0,
            5,
            Double.NaN,
            -1,
            -2,
            -3, /**/
            -1,
            -2,
            -4, /**/
            -5,
            -2,
            -3, /**/
            -1,
            -6,
            -4
        };
        for (DType dt : DType.values()) {
            Tensor x = t(v, 2, 4, 3).to(dt).requiresGrad(true);
            Tensor mx = x.max(new int[] {1}, false);
            assertArrayEquals(new double[] {4, 5, Double.NaN, -1, -2, -3}, mx.toDoubleArray(), dt.toString());
            mx.sum().backward();
            double[] g = new double[24];
            // Column winners: first 4 (row 1), first 5 (row 0), first NaN (row 1); then -1 (row 0), -2 (row 0), -3 (row
            // 0).
            g[3] = 1;
            g[1] = 1;
            g[5] = 1;
            g[12] = 1;
            g[13] = 1;
            g[14] = 1;
            assertArrayEquals(g, x.grad().toDoubleArray(), dt + " max");
            Tensor y = t(v, 2, 4, 3).to(dt).requiresGrad(true);
            Tensor mn = y.min(new int[] {1}, true);
            assertArrayEquals(new int[] {2, 1, 3}, mn.shape());
            assertArrayEquals(new double[] {0, 2, Double.NaN, -5, -6, -4}, mn.toDoubleArray(), dt.toString());
            mn.sum().backward();
            double[] h = new double[24];
            h[9] = 1;
            h[7] = 1;
            h[5] = 1;
            h[18] = 1;
            h[22] = 1;
            h[17] = 1;
            assertArrayEquals(h, y.grad().toDoubleArray(), dt + " min");
        }
    }

    @Test
    void shapeOps() {
        Tensor x = Tensor.arange(DType.FLOAT64, 6).reshape(2, 3);
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, x.transpose(0, 1).toDoubleArray());
        assertArrayEquals(new int[] {3, 2}, x.reshape(-1, 2).shape());
        assertArrayEquals(new int[] {2, 1, 3}, x.unsqueeze(1).shape());
        assertArrayEquals(new int[] {2, 3}, x.unsqueeze(0).squeeze().shape());
        assertArrayEquals(new double[] {1, 2, 4, 5}, x.narrow(1, 1, 2).toDoubleArray());
        assertArrayEquals(new double[] {0, 2, 3, 5}, x.slice(1, 0, 3, 2).toDoubleArray());
        assertArrayEquals(
                new double[] {3, 4, 5, 3, 4, 5}, x.indexSelect(0, 1, 1).toDoubleArray());
        assertArrayEquals(
                new double[] {0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5},
                x.repeat(1, 2).toDoubleArray());
        assertArrayEquals(
                new double[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5},
                x.repeat(2, 1).toDoubleArray());
        assertArrayEquals(
                new double[] {0, 1, 2, 0, 1, 2},
                Tensor.arange(DType.FLOAT64, 3).expand(2, 3).toDoubleArray());
        Tensor c = Tensor.concat(1, x, x.narrow(1, 0, 1));
        assertArrayEquals(new double[] {0, 1, 2, 0, 3, 4, 5, 3}, c.toDoubleArray());
        Tensor s = Tensor.stack(0, x, x);
        assertArrayEquals(new int[] {2, 2, 3}, s.shape());
        Tensor idx = t(new double[] {2, 0}, 2, 1);
        assertArrayEquals(new double[] {2, 3}, x.gather(1, idx).toDoubleArray());
        Tensor p = Tensor.arange(DType.FLOAT64, 24).reshape(2, 3, 4).permute(2, 0, 1);
        assertArrayEquals(new int[] {4, 2, 3}, p.shape());
        assertEquals(13.0, p.get(1, 1, 0));
    }

    @Test
    void matmulValues() {
        Tensor a = t(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = t(new double[] {7, 8, 9, 10, 11, 12}, 3, 2);
        assertArrayEquals(new double[] {58, 64, 139, 154}, a.matmul(b).toDoubleArray());
        Tensor batched = Tensor.stack(0, a, a.mul(2)).matmul(b);
        assertArrayEquals(new int[] {2, 2, 2}, batched.shape());
        assertArrayEquals(new double[] {58, 64, 139, 154, 116, 128, 278, 308}, batched.toDoubleArray());
        Tensor fa = a.to(DType.FLOAT32), fb = b.to(DType.FLOAT32);
        assertArrayEquals(new float[] {58, 64, 139, 154}, fa.matmul(fb).toFloatArray());
        // Batched on both sides with broadcasting (1,2,3) @ (2,3,2).
        Tensor bb = Tensor.stack(0, b, b.neg());
        assertArrayEquals(
                new double[] {58, 64, 139, 154, -58, -64, -139, -154},
                a.unsqueeze(0).matmul(bb).toDoubleArray());
    }

    @Test
    void productOverNoInnerTermsIsZeroAndOneWrite() {
        for (DType dtype : DType.values()) {
            // C (2 x 3) inside rows of 4 (ldc = 4) at offset 1: only the 2 x 3 block is zeroed, with one version bump.
            Tensor c = Tensor.full(dtype, 7, 9);
            long before = c.version();
            Tensor a = Tensor.zeros(dtype, 2, 0), b = Tensor.zeros(dtype, 0, 3);
            MatmulOp.gemm(false, false, 2, 3, 0, a, 0, 1, b, 0, 3, c, 1, 4, false);
            assertArrayEquals(new double[] {7, 0, 0, 0, 7, 0, 0, 0, 7}, c.toDoubleArray(), dtype.toString());
            assertEquals(before + 1, c.version(), "one version bump for the whole fill");
            // Accumulating adds nothing and writes nothing.
            MatmulOp.gemm(false, false, 2, 3, 0, a, 0, 1, b, 0, 3, c, 1, 4, true);
            assertArrayEquals(new double[] {7, 0, 0, 0, 7, 0, 0, 0, 7}, c.toDoubleArray());
            assertEquals(before + 1, c.version());
            // Through the public ops: zeros for matmul, the bias (then ReLU) on every row for linear.
            Tensor product = a.matmul(b);
            assertArrayEquals(new int[] {2, 3}, product.shape());
            assertArrayEquals(new double[6], product.toDoubleArray());
            Tensor w = Tensor.zeros(dtype, 3, 0),
                    bias = Tensor.of(new double[] {-1, 0, 2}, 3).to(dtype);
            assertArrayEquals(
                    new double[] {-1, 0, 2, -1, 0, 2}, Tensor.linear(a, w, bias).toDoubleArray());
            assertArrayEquals(
                    new double[] {0, 0, 2, 0, 0, 2},
                    Tensor.linearRelu(a, w, bias).toDoubleArray());
        }
    }

    @Test
    void float32OpsMatchFloat64() {
        Tensor x = Tensor.randn(new SplittableRandom(3), DType.FLOAT64, 3, 4);
        Tensor y = Tensor.randn(new SplittableRandom(4), DType.FLOAT64, 4);
        Tensor d = x.mul(y).tanh().add(y.exp()).sum(1, false);
        Tensor f = x.to(DType.FLOAT32)
                .mul(y.to(DType.FLOAT32))
                .tanh()
                .add(y.to(DType.FLOAT32).exp())
                .sum(1, false);
        assertEquals(DType.FLOAT32, f.dtype());
        assertArrayEquals(d.toDoubleArray(), f.toDoubleArray(), 1e-5);
    }

    @Test
    void errorsNameTheOpAndShapes() {
        Tensor a = Tensor.zeros(DType.FLOAT32, 16, 1024, 3), w = Tensor.zeros(DType.FLOAT32, 64, 128);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.matmul(w));
        assertEquals("matmul: (16,1024,3) @ (64,128): inner dimensions 3 and 64 differ", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.FLOAT64, 2, 3)
                .add(Tensor.zeros(DType.FLOAT64, 4)));
        assertTrue(
                e.getMessage().contains("add")
                        && e.getMessage().contains("(2,3)")
                        && e.getMessage().contains("(4)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.FLOAT64, 2)
                .add(Tensor.zeros(DType.FLOAT32, 2)));
        assertTrue(e.getMessage().contains("dtype mismatch FLOAT64 vs FLOAT32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[5], 2, 3));
        assertTrue(e.getMessage().contains("5 values") && e.getMessage().contains("(2,3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.FLOAT64, 2, 3)
                .reshape(4, 2));
        assertTrue(e.getMessage().startsWith("reshape"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.FLOAT64, 2, 3)
                .sum(2, false));
        assertTrue(e.getMessage().contains("axis 2 out of range for rank 2"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Tensor.concat(0, Tensor.zeros(DType.FLOAT64, 2, 3), Tensor.zeros(DType.FLOAT64, 2, 4)));
        assertTrue(e.getMessage().contains("concat"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.FLOAT64, 2, 3)
                .permute(0, 0));
        assertTrue(e.getMessage().contains("repeated"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.FLOAT64, 3)
                .matmul(Tensor.zeros(DType.FLOAT64, 3, 1)));
        assertTrue(e.getMessage().contains("rank >= 2"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(DType.FLOAT64, 2, 3)
                .indexSelect(1, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.FLOAT64, 2)
                .expand(3));
    }
}
