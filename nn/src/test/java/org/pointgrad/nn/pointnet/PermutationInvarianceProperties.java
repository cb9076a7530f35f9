package org.pointgrad.nn.pointnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.layers.LeakyReLU;

/** For random sizes, weights and point orders, the encoder's global feature is exactly order-independent. */
class PermutationInvarianceProperties {
    @Property(tries = 40)
    void reorderingPointsNeverChangesTheFeature(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll @IntRange(min = 1, max = 30) int points,
            @ForAll @IntRange(min = 1, max = 12) int hidden) {
        SplittableRandom rng = new SplittableRandom(seed);
        DType dtype = rng.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        SharedMLP mlp = new SharedMLP(new int[] {3, hidden, 7}, false, rng.nextBoolean(), LeakyReLU::new, dtype, rng);
        PointNetEncoder enc = new PointNetEncoder(mlp);
        Tensor x = Tensor.randn(rng, dtype, batch, points, 3);
        // Reverse-and-rotate each cloud's points by a random offset: a permutation that differs from the identity.
        int shift = rng.nextInt(points);
        Tensor xp = Tensor.zeros(dtype, batch, points, 3);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < points; j++) {
                int src = (points - 1 - j + shift) % points;
                for (int c = 0; c < 3; c++) xp.setFlat((b * points + j) * 3 + c, x.getFlat((b * points + src) * 3 + c));
            }
        }
        assertArrayEquals(enc.forward(x).toDoubleArray(), enc.forward(xp).toDoubleArray(), 0.0);
    }
}
