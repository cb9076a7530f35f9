package org.pointgrad.pointcloud.shapes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.pointcloud.PointCloud;

/** The four families must be told apart by plain geometry (Chamfer distance), or a VAE has nothing to learn. */
class FamilySeparationTest {
    private static final int PER_FAMILY = 10;
    private static final int POINTS = 1024;
    private static List<LabelledCloud> data;
    private static double[][] dist;

    @BeforeAll
    static void computeDistances() {
        data = Airplanes.dataset(
                PER_FAMILY * AirplaneFamily.values().length, POINTS, Long.getLong("shapes.separationSeed", 2024L));
        int n = data.size();
        dist = new double[n][n];
        // The task owning row i writes both (i, j) and (j, i) for j > i, so every cell has exactly one writer.
        Parallel.forRange(n, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                for (int j = i + 1; j < n; j++) {
                    dist[i][j] = dist[j][i] =
                            chamfer(data.get(i).cloud(), data.get(j).cloud());
                }
            }
        });
    }

    /** Symmetric Chamfer distance: mean squared nearest-neighbour distance from a to b plus from b to a. */
    static double chamfer(PointCloud a, PointCloud b) {
        return meanNearestSquared(a, b) + meanNearestSquared(b, a);
    }

    private static double meanNearestSquared(PointCloud from, PointCloud to) {
        float[] p = from.xyz(), q = to.xyz();
        double sum = 0;
        for (int i = 0; i < p.length; i += 3) {
            double best = Double.MAX_VALUE;
            for (int j = 0; j < q.length; j += 3) {
                double dx = p[i] - q[j], dy = p[i + 1] - q[j + 1], dz = p[i + 2] - q[j + 2];
                double d = dx * dx + dy * dy + dz * dz;
                if (d < best) best = d;
            }
            sum += best;
        }
        return sum / from.size();
    }

    private static double meanDistance(AirplaneFamily a, AirplaneFamily b) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < data.size(); i++) {
            for (int j = 0; j < data.size(); j++) {
                if (i != j && data.get(i).family() == a && data.get(j).family() == b) {
                    sum += dist[i][j];
                    count++;
                }
            }
        }
        return sum / count;
    }

    @Test
    void withinFamilyDistanceIsClearlySmallerThanBetweenFamilies() {
        AirplaneFamily[] fs = AirplaneFamily.values();
        StringBuilder table = new StringBuilder();
        for (AirplaneFamily a : fs) {
            for (AirplaneFamily b : fs) table.append(String.format("%9.5f", meanDistance(a, b)));
            table.append('\n');
        }
        System.out.println("mean Chamfer distance (rows/cols " + Arrays.toString(fs) + "):\n" + table);
        for (AirplaneFamily a : fs) {
            for (AirplaneFamily b : fs) {
                if (a == b) continue;
                double between = meanDistance(a, b);
                double within = Math.max(meanDistance(a, a), meanDistance(b, b));
                assertTrue(
                        within < 0.6 * between,
                        a + " vs " + b + ": within-family " + within + " is not clearly below between-family " + between
                                + "\n" + table);
            }
        }
    }

    @Test
    void leaveOneOutNearestNeighbourFindsTheFamily() {
        int correct = 0;
        for (int i = 0; i < data.size(); i++) {
            int best = -1;
            for (int j = 0; j < data.size(); j++) {
                if (j != i && (best < 0 || dist[i][j] < dist[i][best])) best = j;
            }
            if (data.get(best).family() == data.get(i).family()) correct++;
        }
        double accuracy = (double) correct / data.size();
        System.out.println("1-NN leave-one-out accuracy: " + correct + "/" + data.size());
        assertTrue(accuracy >= 0.9, "1-NN accuracy " + accuracy + " below 0.9");
    }
}
