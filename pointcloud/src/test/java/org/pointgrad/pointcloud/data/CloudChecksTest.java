package org.pointgrad.pointcloud.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pointgrad.pointcloud.MeshSampler;
import org.pointgrad.pointcloud.PointCloud;

class CloudChecksTest {
    static PointCloud cube(int n, long seed) {
        return MeshSampler.sample(CollectionTrees.box(3), n, new SplittableRandom(seed));
    }

    @Test
    void flagsIdenticalPointsAndOutlierSqueezedCloudsButNotShapesOrLines() {
        assertNull(CloudChecks.problem(cube(1000, 1)));
        assertNull(CloudChecks.problem(new PointCloud(new float[] {0, 0, 0, 1, 2, -1, 2, 4, -2})));
        assertTrue(CloudChecks.problem(new PointCloud(new float[] {3, 3, 3, 3, 3, 3}))
                .contains("identical"));
        assertNotNull(CloudChecks.problem(new PointCloud(new float[0])));
        float[] p = cube(1000, 2).xyz();
        p[0] = 1e5f;
        String squeezed = CloudChecks.problem(new PointCloud(p));
        assertNotNull(squeezed);
        assertTrue(squeezed.contains("outliers"), squeezed);
        // Two far-apart parts of equal size are a shape, not an outlier.
        float[] two = cube(1000, 3).xyz();
        for (int i = 0; i < 1500; i += 3) two[i] += 5;
        assertNull(CloudChecks.problem(new PointCloud(two)));
    }

    @Test
    void poolDrawsSeededSubsetsPerRound() {
        PointCloud c = cube(2000, 4);
        PointPool pool = new PointPool(List.of("a"), List.of(c));
        float[] r0 = pool.draw(100, 5, 0).get(0), r0again = pool.draw(100, 5, 0).get(0);
        float[] r1 = pool.draw(100, 5, 1).get(0);
        assertEquals(300, r0.length);
        assertEquals(Arrays.toString(r0), Arrays.toString(r0again));
        assertNotEquals(Arrays.toString(r0), Arrays.toString(r1));
        Set<String> all = new HashSet<>();
        for (int i = 0; i < c.size(); i++) all.add(c.x(i) + "," + c.y(i) + "," + c.z(i));
        Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String k = r1[3 * i] + "," + r1[3 * i + 1] + "," + r1[3 * i + 2];
            assertTrue(all.contains(k), k);
            drawn.add(k);
        }
        assertEquals(100, drawn.size(), "a subset without repeats");
    }
}
