package org.pointgrad.vae.prior;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.pointgrad.autodiff.DType;

/**
 * A fit at the size of a real run (5000 codes, latent 32, K = 8 and 16), timed. Slow, so the build's test run does
 * not select it (its name ends in neither Test nor Properties); run it by name, with the property its condition asks
 * for: {@code mvn -B -pl vae-example -am test -Dtest=GmmScaleCheck -Dpointgrad.slowTests=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "pointgrad.slowTests", matches = "true")
class GmmScaleCheck {
    @Test
    void fitsRunSizedCodes() {
        double[][] codes =
                KnownMixture.random(10, 32, 3, new SplittableRandom(1)).sample(5000, new SplittableRandom(2));
        for (int k : new int[] {8, 16}) {
            long t0 = System.nanoTime();
            GmmPrior g = GmmPrior.fit(codes, k, 3, GmmOptions.defaults());
            double seconds = (System.nanoTime() - t0) / 1e9;
            GmmFitReport r = g.fitReport();
            System.out.printf(
                    "GMM n=5000 d=32 K=%d: %.2f s, %d EM iterations, converged=%s, mean "
                            + "log-likelihood %.4f (gaussian %.4f)%n",
                    k,
                    seconds,
                    r.iterations(),
                    r.converged(),
                    g.logLikelihood(codes),
                    GaussianPrior.fit(codes).logLikelihood(codes));
            assertTrue(
                    g.logLikelihood(codes) > GaussianPrior.fit(codes).logLikelihood(codes),
                    "a mixture should beat one Gaussian on clustered codes");
            GmmPriorTest.assertFiniteSamples(g, 32);
            assertEquals(
                    DType.FLOAT32,
                    g.sample(4, 32, DType.FLOAT32, new SplittableRandom(1)).dtype());
        }
    }
}
