package org.pointgrad.nn.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.autodiff.kernel.EjmlMatmulKernel;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.MatmulKernel;
import org.pointgrad.autodiff.kernel.VectorMatmulKernel;

/**
 * The panel-layout MLP against the same layers run row-major with {@link MatmulKernel#sgemmBiasRelu} /
 * {@link MatmulKernel#dgemmBiasRelu}: equal bit for bit (up to the sign of zero), pooled and stored, with points
 * that fill no whole panel and widths that fill no whole register tile.
 */
class PointMlpTest {
    private static MatmulKernel vector() {
        var k = Kernels.vectorMatmul();
        assumeTrue(k.isPresent(), "needs the Vector API module");
        return k.get();
    }

    @Property(tries = 80, seed = "42")
    void panelChainEqualsRowMajorLayers(
            @ForAll @IntRange(min = 1, max = 3) int layers,
            @ForAll @IntRange(min = 1, max = 70) int rows,
            @ForAll boolean f64,
            @ForAll boolean pooled,
            @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] width = new int[layers + 1];
        for (int i = 0; i <= layers; i++) width[i] = 1 + rng.nextInt(i == 0 ? 5 : 40);
        check(width, rows, f64, pooled, rng);
    }

    @Test
    void exactlyOneKernelBlockOfInputsIsStillExact() {
        // 256 inputs: the widest layer a plan takes (one k-block); 257 would get no plan.
        for (boolean f64 : new boolean[] {false, true}) {
            for (boolean pooled : new boolean[] {false, true}) {
                check(new int[] {3, 256, 7}, 37, f64, pooled, new SplittableRandom(9));
                check(new int[] {256, 13}, 20, f64, pooled, new SplittableRandom(10));
            }
        }
    }

    /** Layers of the given widths on random data, panel layout against row-major, exactly. */
    private static void check(int[] width, int rows, boolean f64, boolean pooled, SplittableRandom rng) {
        // The active kernel: the Vector API one in the default run, EJML (which has no panel layout) in the fallback
        // run.
        MatmulKernel kernel = Kernels.matmul();
        int layers = width.length - 1;
        int[] in = new int[layers], out = new int[layers];
        Object[] w = new Object[layers], b = new Object[layers];
        boolean[] relu = new boolean[layers];
        for (int i = 0; i < layers; i++) {
            in[i] = width[i];
            out[i] = width[i + 1];
            w[i] = random(rng, f64, out[i] * in[i]);
            b[i] = rng.nextInt(4) == 0 ? null : random(rng, f64, out[i]);
            relu[i] = rng.nextBoolean();
        }
        double[] x = rng.doubles((long) rows * in[0], -1, 1).toArray();
        PointMlp plan = plan(in, out, w, b, relu);
        if (!(kernel instanceof VectorMatmulKernel)) {
            assertNull(plan, "only the Vector API kernel has a panel layout");
            return;
        }
        assertEquals(f64, plan.isDouble());
        // Reference: the layers one after another, row-major.
        Object h = f64 ? x.clone() : toFloat(x);
        for (int i = 0; i < layers; i++) {
            if (f64) {
                double[] y = new double[rows * out[i]];
                kernel.dgemmBiasRelu(
                        false,
                        true,
                        rows,
                        out[i],
                        in[i],
                        (double[]) h,
                        0,
                        in[i],
                        (double[]) w[i],
                        0,
                        in[i],
                        y,
                        0,
                        out[i],
                        (double[]) b[i],
                        0,
                        relu[i],
                        null);
                h = y;
            } else {
                float[] y = new float[rows * out[i]];
                kernel.sgemmBiasRelu(
                        false,
                        true,
                        rows,
                        out[i],
                        in[i],
                        (float[]) h,
                        0,
                        in[i],
                        (float[]) w[i],
                        0,
                        in[i],
                        y,
                        0,
                        out[i],
                        (float[]) b[i],
                        0,
                        relu[i],
                        null);
                h = y;
            }
        }
        double[] ref = toDouble(h);
        // Input with an offset, to check toPanels reads from it.
        double[] xs = prepend(x, 3);
        if (plan instanceof PointMlpDouble p64) checkDouble(p64, ref, xs, rows, pooled);
        else checkFloat(assertInstanceOf(PointMlpFloat.class, plan), ref, toFloat(xs), rows, pooled);
    }

    /** The plan's results for {@code xs} (three values of offset) against the reference, exactly. */
    private static void checkFloat(PointMlpFloat plan, double[] ref, float[] xs, int rows, boolean pooled) {
        int in = plan.inChannels(), o = plan.outChannels();
        float[] panels = new float[plan.panelLength(rows, in)];
        plan.toPanels(rows, in, xs, 3, panels);
        if (pooled) {
            float[] into = new float[o + 2];
            float[] lanes = new float[plan.lanesLength()];
            Arrays.fill(into, Float.NEGATIVE_INFINITY);
            Arrays.fill(lanes, Float.NEGATIVE_INFINITY);
            // Two halves of the points maxed into the same lanes, as consecutive blocks of one cloud are.
            int half = rows / 2 / plan.panelPoints() * plan.panelPoints();
            if (half > 0) {
                float[] first = new float[plan.panelLength(half, in)];
                float[] second = new float[plan.panelLength(rows - half, in)];
                plan.toPanels(half, in, xs, 3, first);
                plan.toPanels(rows - half, in, xs, 3 + half * in, second);
                plan.maxPool(half, first, lanes);
                plan.maxPool(rows - half, second, lanes);
            } else {
                plan.maxPool(rows, panels, lanes);
            }
            plan.reduceLanes(lanes, into, 2);
            assertPooled(ref, rows, o, toDouble(into));
        } else {
            float[] dst = new float[rows * o + 1];
            plan.forwardRows(rows, panels, dst, 1);
            assertRows(ref, rows, o, toDouble(dst));
        }
    }

    /** {@link #checkFloat} for a double plan. */
    private static void checkDouble(PointMlpDouble plan, double[] ref, double[] xs, int rows, boolean pooled) {
        int in = plan.inChannels(), o = plan.outChannels();
        double[] panels = new double[plan.panelLength(rows, in)];
        plan.toPanels(rows, in, xs, 3, panels);
        if (pooled) {
            double[] into = new double[o + 2];
            double[] lanes = new double[plan.lanesLength()];
            Arrays.fill(into, Double.NEGATIVE_INFINITY);
            Arrays.fill(lanes, Double.NEGATIVE_INFINITY);
            int half = rows / 2 / plan.panelPoints() * plan.panelPoints();
            if (half > 0) {
                double[] first = new double[plan.panelLength(half, in)];
                double[] second = new double[plan.panelLength(rows - half, in)];
                plan.toPanels(half, in, xs, 3, first);
                plan.toPanels(rows - half, in, xs, 3 + half * in, second);
                plan.maxPool(half, first, lanes);
                plan.maxPool(rows - half, second, lanes);
            } else {
                plan.maxPool(rows, panels, lanes);
            }
            plan.reduceLanes(lanes, into, 2);
            assertPooled(ref, rows, o, into);
        } else {
            double[] dst = new double[rows * o + 1];
            plan.forwardRows(rows, panels, dst, 1);
            assertRows(ref, rows, o, dst);
        }
    }

    /** {@code got[2 ..]} is the column maxima of the reference rows. */
    private static void assertPooled(double[] ref, int rows, int o, double[] got) {
        double[] expected = new double[o];
        Arrays.fill(expected, Double.NEGATIVE_INFINITY);
        for (int r = 0; r < rows; r++) for (int c = 0; c < o; c++) expected[c] = Math.max(expected[c], ref[r * o + c]);
        for (int c = 0; c < o; c++) assertEquals(expected[c], got[c + 2], 0.0, "channel " + c);
    }

    /** {@code got[1 ..]} is the reference rows. */
    private static void assertRows(double[] ref, int rows, int o, double[] got) {
        for (int i = 0; i < rows * o; i++) assertEquals(ref[i], got[i + 1], 0.0, "element " + i);
    }

    @Test
    void nanInOnePointReachesThePooledChannelAndPaddingPointsDoNot() {
        vector();
        // One layer 2 -> 3 with ReLU and a large bias: padding points (zero input) would give bias values if counted.
        float[] w = {1, 0, 0, 1, -1, -1};
        float[] bias = {100, 100, 100};
        PointMlpFloat plan = assertInstanceOf(
                PointMlpFloat.class,
                plan(new int[] {2}, new int[] {3}, new Object[] {w}, new Object[] {bias}, new boolean[] {true}));
        float[] x = {-200, 0, -300, -1000, -500, -500}; // 3 points
        float[] panels = new float[plan.panelLength(3, 2)];
        plan.toPanels(3, 2, x, 0, panels);
        float[] into = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
        float[] lanes = new float[plan.lanesLength()];
        Arrays.fill(lanes, Float.NEGATIVE_INFINITY);
        plan.maxPool(3, panels, lanes);
        plan.reduceLanes(lanes, into, 0);
        assertEquals(0f, into[0]); // relu(-100), relu(-200), relu(-400): a padding point would have given 100
        assertEquals(100f, into[1]);
        assertEquals(1400f, into[2]);
        x[3] = Float.NaN;
        plan.toPanels(3, 2, x, 0, panels);
        Arrays.fill(into, Float.NEGATIVE_INFINITY);
        Arrays.fill(lanes, Float.NEGATIVE_INFINITY);
        plan.maxPool(3, panels, lanes);
        plan.reduceLanes(lanes, into, 0);
        for (float v : into) assertTrue(Float.isNaN(v), "NaN propagates like Math.max, even through ReLU");
    }

    @Test
    void badArgumentsAreNamed() {
        vector();
        float[] w = new float[6];
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> plan(
                        new int[] {2, 4},
                        new int[] {3, 1},
                        new Object[] {w, new float[4]},
                        new Object[] {null, null},
                        new boolean[] {true, false}));
        assertTrue(e.getMessage().contains("stage 1"), e.getMessage());
        PointMlpFloat plan = assertInstanceOf(
                PointMlpFloat.class,
                plan(new int[] {2}, new int[] {3}, new Object[] {w}, new Object[] {null}, new boolean[] {false}));
        e = assertThrows(IllegalArgumentException.class, () -> plan.forwardRows(40, new float[10], new float[120], 0));
        assertTrue(e.getMessage().contains("input panels"), e.getMessage());
        // Wider than one k-block: no plan, callers take the row-major path.
        int wide = Kernels.matmul().panels().orElseThrow().maxInputs() + 1;
        assertNull(plan(
                new int[] {wide},
                new int[] {2},
                new Object[] {new float[2 * wide]},
                new Object[] {null},
                new boolean[] {false}));
        assertTrue(new EjmlMatmulKernel().panels().isEmpty(), "EJML has no panel layout");
    }

    /** The layers as stages over the given arrays (no copy), planned for the active kernel; null without a plan. */
    private static PointMlp plan(int[] in, int[] out, Object[] w, Object[] b, boolean[] relu) {
        List<DenseStage> stages = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            Tensor wt = w[i] instanceof double[] d
                    ? Tensor.wrap(d, out[i], in[i])
                    : Tensor.wrap((float[]) w[i], out[i], in[i]);
            Tensor bt = b[i] == null
                    ? null
                    : b[i] instanceof double[] d ? Tensor.wrap(d, out[i]) : Tensor.wrap((float[]) b[i], out[i]);
            stages.add(new DenseStage(wt, bt, relu[i]));
        }
        return PointMlp.of(stages).orElse(null);
    }

    private static Object random(SplittableRandom rng, boolean f64, int n) {
        double[] d = rng.doubles(n, -1, 1).toArray();
        return f64 ? d : toFloat(d);
    }

    private static double[] prepend(double[] x, int n) {
        double[] y = new double[x.length + n];
        System.arraycopy(x, 0, y, n, x.length);
        return y;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    private static double[] toDouble(Object a) {
        if (a instanceof double[] d) return d;
        float[] f = (float[]) a;
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
