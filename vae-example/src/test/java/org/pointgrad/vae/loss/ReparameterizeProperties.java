package org.pointgrad.vae.loss;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.GradCheck;
import org.pointgrad.autodiff.GradCheckReport;
import org.pointgrad.autodiff.Tensor;

class ReparameterizeProperties {
    @Property(tries = 100)
    void reparameterizeGradientMatchesFiniteDifferences(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int b = 1 + r.nextInt(4), z = 1 + r.nextInt(6);
        Tensor mu = Tensor.uniform(r, DType.FLOAT64, -2, 2, b, z).requiresGrad(true);
        Tensor lv = Tensor.uniform(r, DType.FLOAT64, -3, 1, b, z).requiresGrad(true);
        Tensor eps = Tensor.randn(r, DType.FLOAT64, b, z);
        GradCheckReport rep = GradCheck.check(in -> Reparameterize.withNoise(in[0], in[1], eps), mu, lv);
        assertTrue(rep.passed(), rep::toString);
        assertTrue(rep.maxRelError() < 1e-6, rep::toString);
    }

    @Property(tries = 100)
    void klAndFreeBitsGradientsMatchFiniteDifferences(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int b = 1 + r.nextInt(4), z = 1 + r.nextInt(6);
        Tensor mu = Tensor.uniform(r, DType.FLOAT64, -2, 2, b, z).requiresGrad(true);
        Tensor lv = Tensor.uniform(r, DType.FLOAT64, -3, 1, b, z).requiresGrad(true);
        GradCheckReport rep = GradCheck.check(in -> KlDivergence.total(in[0], in[1]), mu, lv);
        assertTrue(rep.passed(), rep::toString);
        // Free bits: keep each dimension's KL away from the floor so the clamp is differentiable there.
        Tensor perDim = KlDivergence.perDimension(mu, lv);
        double floor = 0.05;
        for (int d = 0; d < z; d++) {
            if (Math.abs(perDim.getFlat(d) - floor) < 1e-3) return;
        }
        GradCheckReport fb = GradCheck.check(
                in -> KlDivergence.withFreeBits(KlDivergence.perDimension(in[0], in[1]), floor), mu, lv);
        assertTrue(fb.passed(), fb::toString);
    }

    @Test
    void klIsZeroForTheStandardNormalAndMatchesTheClosedForm() {
        Tensor mu = Tensor.zeros(DType.FLOAT64, 3, 4), lv = Tensor.zeros(DType.FLOAT64, 3, 4);
        assertEquals(0.0, KlDivergence.total(mu, lv).item(), 1e-15);
        // One dim with mu=1, sigma^2=e: KL = 0.5 (e + 1 - 1 - 1) = 0.5 (e - 1).
        Tensor m1 = Tensor.of(new double[] {1}, 1, 1), l1 = Tensor.of(new double[] {1}, 1, 1);
        assertEquals(0.5 * (Math.E - 1), KlDivergence.total(m1, l1).item(), 1e-12);
    }

    @Test
    void freeBitsFloorsEachDimensionAndStopsItsGradient() {
        Tensor mu = Tensor.of(new double[] {0.01, 2.0}, 1, 2).requiresGrad(true);
        Tensor lv = Tensor.zeros(DType.FLOAT64, 1, 2).requiresGrad(true);
        Tensor loss = KlDivergence.withFreeBits(KlDivergence.perDimension(mu, lv), 0.5);
        assertEquals(0.5 + 2.0, loss.item(), 1e-12); // dim 0 KL = 5e-5 -> floored at 0.5; dim 1 KL = 2
        loss.backward();
        assertEquals(0.0, mu.grad().get(0, 0));
        assertEquals(2.0, mu.grad().get(0, 1), 1e-12);
    }

    @Test
    void evalModeReturnsMuAndSamplingIsSeeded() {
        Tensor mu = Tensor.zeros(DType.FLOAT32, 2, 3), lv = Tensor.zeros(DType.FLOAT32, 2, 3);
        assertSame(mu, Reparameterize.apply(mu, lv, new SplittableRandom(1), false));
        Tensor a = Reparameterize.sample(mu, lv, new SplittableRandom(5));
        Tensor b = Reparameterize.sample(mu, lv, new SplittableRandom(5));
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        assertNotEquals(0.0, a.getFlat(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> Reparameterize.sample(mu, Tensor.zeros(DType.FLOAT32, 3, 2), new SplittableRandom(1)));
    }

    @Test
    void reconstructionAloneReachesLogvarWhenSampling() {
        Tensor mu = Tensor.zeros(DType.FLOAT64, 2, 3).requiresGrad(true);
        Tensor lv = Tensor.zeros(DType.FLOAT64, 2, 3).requiresGrad(true);
        Reparameterize.sample(mu, lv, new SplittableRandom(3)).square().sum().backward();
        assertNotNull(lv.grad());
        double norm = 0;
        for (double v : lv.grad().toDoubleArray()) norm += v * v;
        assertTrue(norm > 0);
    }
}
