package org.pointgrad.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A packed op(B) is used only by products of the op(B) it was packed from; others pack their own. */
class PackedBTest {
    @Test
    void aPackedBOfAnotherTranspositionOrShapeIsIgnored() {
        MatmulKernel kernel = Kernels.matmul();
        SplittableRandom rng = new SplittableRandom(4);
        int m = 5, k = 6, n = 6;
        float[] a = new float[m * k], b = new float[k * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) rng.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) rng.nextDouble(-1, 1);
        SgemmPackedB transposed = kernel.packB(true, k, n, b, 0, k);
        assumeTrue(transposed != null, "the active kernel packs");
        assertEquals(k, transposed.k());
        assertEquals(n, transposed.n());
        float[] want = new float[m * n], got = new float[m * n], packed = new float[m * n];
        kernel.sgemmBiasRelu(false, false, m, n, k, a, 0, k, b, 0, n, want, 0, n, null, 0, false);
        // Packed from B^T: ignored by the product of plain B, which must not read B^T's panels.
        kernel.sgemmBiasRelu(false, false, m, n, k, a, 0, k, b, 0, n, got, 0, n, null, 0, false, transposed);
        assertArrayEquals(want, got);
        kernel.sgemmBiasRelu(false, true, m, n, k, a, 0, k, b, 0, k, packed, 0, n, null, 0, false, transposed);
        float[] ref = new float[m * n];
        kernel.sgemmBiasRelu(false, true, m, n, k, a, 0, k, b, 0, k, ref, 0, n, null, 0, false);
        assertArrayEquals(ref, packed, "used where it fits");
        DgemmPackedB other = kernel.packB(false, 3, 4, new double[12], 0, 4);
        double[] d = new double[m * n], dWant = new double[m * n], ad = new double[m * k], bd = new double[k * n];
        for (int i = 0; i < ad.length; i++) ad[i] = a[i];
        for (int i = 0; i < bd.length; i++) bd[i] = b[i];
        kernel.dgemmBiasRelu(false, false, m, n, k, ad, 0, k, bd, 0, n, dWant, 0, n, null, 0, false);
        kernel.dgemmBiasRelu(false, false, m, n, k, ad, 0, k, bd, 0, n, d, 0, n, null, 0, false, other);
        assertArrayEquals(dWant, d, "a 3 x 4 packing is not used for 6 x 6");
    }
}
