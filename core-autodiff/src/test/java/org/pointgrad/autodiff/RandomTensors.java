package org.pointgrad.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random shapes and values for property tests, all derived from one seed. */
final class RandomTensors {
    final SplittableRandom rng;

    RandomTensors(long seed) {
        rng = new SplittableRandom(seed);
    }

    /** A shape of rank 0..maxRank with dims 1..maxDim (size-1 dims included), at most maxNumel elements. */
    int[] shape(int minRank, int maxRank, int maxDim, int maxNumel) {
        while (true) {
            int r = minRank + rng.nextInt(maxRank - minRank + 1);
            int[] s = new int[r];
            for (int i = 0; i < r; i++) s[i] = 1 + rng.nextInt(maxDim);
            if (Shapes.numel(s) <= maxNumel) return s;
        }
    }

    /** A shape that broadcasts to {@code target}: some leading axes dropped, some dims set to 1. */
    int[] broadcastable(int[] target) {
        int drop = rng.nextInt(target.length + 1);
        if (rng.nextInt(3) == 0) drop = 0;
        int[] s = new int[target.length - drop];
        for (int i = 0; i < s.length; i++) {
            s[i] = rng.nextInt(3) == 0 ? 1 : target[i + drop];
        }
        return s;
    }

    /** Values uniform in [lo, hi). */
    Tensor uniform(int[] shape, double lo, double hi) {
        Tensor t = Tensor.zeros(DType.FLOAT64, shape);
        for (int i = 0; i < t.numel(); i++) t.setFlat(i, lo + (hi - lo) * rng.nextDouble());
        return t;
    }

    /** Values with |v| in [0.1, 2): away from kinks at 0. */
    Tensor awayFromZero(int[] shape) {
        Tensor t = Tensor.zeros(DType.FLOAT64, shape);
        for (int i = 0; i < t.numel(); i++) t.setFlat(i, (rng.nextBoolean() ? 1 : -1) * (0.1 + 1.9 * rng.nextDouble()));
        return t;
    }

    /** Distinct values (spaced at least 0.05 apart) in random order: no ties for max/min. */
    Tensor distinct(int[] shape) {
        Tensor t = Tensor.zeros(DType.FLOAT64, shape);
        int n = t.numel();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        for (int i = 0; i < n; i++) t.setFlat(i, -1.5 + 0.1 * perm[i] + 0.04 * rng.nextDouble());
        return t;
    }

    /** A random non-empty subset of axes of a rank-r tensor, possibly with negative indices; may be empty (= all). */
    int[] axes(int r) {
        if (r == 0 || rng.nextInt(5) == 0) return new int[0];
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < r; i++) if (rng.nextBoolean()) l.add(rng.nextBoolean() ? i : i - r);
        if (l.isEmpty()) l.add(rng.nextInt(r));
        return l.stream().mapToInt(Integer::intValue).toArray();
    }
}
