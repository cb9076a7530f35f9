package org.pointgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;

/** After clipping by global norm the joint norm is at most the limit and every gradient keeps its direction. */
class ClippingProperties {
    @Property(tries = 100)
    void clippedNormIsBoundedAndDirectionKept(
            @ForAll long seed, @ForAll @DoubleRange(min = 0.01, max = 10) double maxNorm) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Tensor> params = new ArrayList<>();
        List<double[]> before = new ArrayList<>();
        int count = 1 + rng.nextInt(4);
        for (int i = 0; i < count; i++) {
            int n = 1 + rng.nextInt(20);
            Tensor p = Tensor.zeros(DType.FLOAT64, n).requiresGrad(true);
            Tensor g = Tensor.randn(rng, DType.FLOAT64, n).mul(rng.nextDouble() * 5);
            p.setGrad(g);
            params.add(p);
            before.add(g.toDoubleArray());
        }
        double norm = GradientClipping.clipByGlobalNorm(params, maxNorm);
        double sq = 0, ref = 0;
        for (double[] b : before) for (double v : b) ref += v * v;
        assertEquals(Math.sqrt(ref), norm, 1e-12 * (1 + norm));
        for (int i = 0; i < count; i++) {
            double[] after = params.get(i).grad().toDoubleArray();
            double scale = Math.min(1.0, maxNorm / (norm + 1e-6));
            for (int j = 0; j < after.length; j++) {
                sq += after[j] * after[j];
                assertEquals(before.get(i)[j] * scale, after[j], 1e-12 * (1 + Math.abs(after[j])));
            }
        }
        assertTrue(Math.sqrt(sq) <= maxNorm + 1e-9 || norm <= maxNorm);
    }
}
