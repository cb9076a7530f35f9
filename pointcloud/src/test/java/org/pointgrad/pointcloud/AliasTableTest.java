package org.pointgrad.pointcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The alias table encodes each index's share of the total weight, and picks by it. */
class AliasTableTest {
    @Property(tries = 200)
    void eachIndexHasItsWeightsShare(@ForAll @IntRange(min = 1, max = 300) int m, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[m];
        double sum = 0;
        for (int i = 0; i < m; i++) {
            // Weights spread over many orders of magnitude, as triangle areas of real meshes are.
            w[i] = Math.pow(10, r.nextDouble(-9, 3));
            sum += w[i];
        }
        AliasTable t = new AliasTable(w, m);
        for (int i = 0; i < m; i++) assertEquals(w[i] / sum, t.probability(i), 1e-12 + 1e-9 * w[i] / sum, "index " + i);
        for (int k = 0; k < 100; k++) {
            int p = t.pick(r.nextDouble());
            assertTrue(p >= 0 && p < m, "pick " + p + " of " + m);
        }
        assertTrue(t.pick(Math.nextDown(1.0)) < m);
    }

    @Test
    void picksOverAUniformGridFollowTheWeights() {
        double[] w = {1, 0.5, 3, 1e-3, 2.499};
        AliasTable t = new AliasTable(w, w.length);
        int grid = 1_000_000;
        int[] count = new int[w.length];
        for (int k = 0; k < grid; k++) count[t.pick((k + 0.5) / grid)]++;
        for (int i = 0; i < w.length; i++) assertEquals(w[i] / 7, count[i] / (double) grid, 2.0 / grid, "index " + i);
    }
}
