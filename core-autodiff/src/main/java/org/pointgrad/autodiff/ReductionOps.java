package org.pointgrad.autodiff;

import java.util.Arrays;
import org.pointgrad.autodiff.kernel.Parallel;

/** Reductions over any list of axes (an empty list means all axes), with keepDim. */
final class ReductionOps {
    private ReductionOps() {}

    private static final int SUM = 0, MAX = 1, MIN = 2;

    static Tensor sum(Tensor x, int[] axes, boolean keepDim) {
        boolean[] mask = Shapes.axesMask("sum", axes, x.dim());
        int[] keepShape = keepShape(x.shape, mask);
        Tensor out = reduce(x, mask, SUM, null).reshape(keepDim ? keepShape : dropShape(x.shape, mask));
        return Autograd.record("sum", out, g -> new Tensor[] {ShapeOps.expandRaw(g.reshape(keepShape), x.shape)}, x);
    }

    static Tensor mean(Tensor x, int[] axes, boolean keepDim) {
        boolean[] mask = Shapes.axesMask("mean", axes, x.dim());
        long count = 1;
        for (int i = 0; i < mask.length; i++) if (mask[i]) count *= x.shape[i];
        if (count == 0)
            throw new IllegalArgumentException("mean: reducing over an empty axis of shape " + Shapes.str(x.shape));
        return sum(x, axes, keepDim).mul(1.0 / count);
    }

    static Tensor max(Tensor x, int[] axes, boolean keepDim) {
        return extreme("max", MAX, x, axes, keepDim);
    }

    static Tensor min(Tensor x, int[] axes, boolean keepDim) {
        return extreme("min", MIN, x, axes, keepDim);
    }

    private static Tensor extreme(String op, int kind, Tensor x, int[] axes, boolean keepDim) {
        boolean[] mask = Shapes.axesMask(op, axes, x.dim());
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] && x.shape[i] == 0)
                throw new IllegalArgumentException(
                        op + ": reducing over an empty axis of shape " + Shapes.str(x.shape));
        }
        int[] keepShape = keepShape(x.shape, mask);
        // Forward keeps only the values; which element won is found again in backward, so inference (and the
        // forward of training) runs the branch-free loop and never writes an index array.
        Tensor values = reduce(x, mask, kind, null);
        Tensor out = values.reshape(keepDim ? keepShape : dropShape(x.shape, mask));
        return Autograd.record(
                op,
                out,
                g -> {
                    int[] arg = winners(x, mask, kind, values);
                    Tensor gx = Tensor.zerosLike(x);
                    for (int o = 0; o < arg.length; o++) gx.setFlat(arg[o], gx.getFlat(arg[o]) + g.getFlat(o));
                    return new Tensor[] {gx};
                },
                x);
    }

    /**
     * Flat input index of the element that produced each value of a max/min reduction: the first one equal to it
     * (the first NaN when it is NaN), which is the element the strict comparison of a serial scan keeps.
     */
    private static int[] winners(Tensor x, boolean[] mask, int kind, Tensor values) {
        int[] arg = new int[values.numel()];
        int[] block = block(x, mask);
        if (block == null) {
            reduce(x, mask, kind, arg);
            return arg;
        }
        int outer = block[0], mid = block[1], inner = block[2];
        Arrays.fill(arg, -1);
        double[] w = values.toDoubleArray();
        float[] xf = x.f;
        double[] xd = x.d;
        Parallel.forRange(outer, (long) outer * mid * inner >= (1 << 16) ? 1 : outer, (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                int ob = o * inner, left = inner;
                for (int m = 0; m < mid && left > 0; m++) {
                    int base = (o * mid + m) * inner;
                    for (int i = 0; i < inner; i++) {
                        if (arg[ob + i] >= 0) continue;
                        double v = xf != null ? xf[base + i] : xd[base + i], e = w[ob + i];
                        if (v == e || (v != v && e != e)) {
                            arg[ob + i] = base + i;
                            left--;
                        }
                    }
                }
            }
        });
        return arg;
    }

    static Tensor logSumExp(Tensor x, int[] axes, boolean keepDim) {
        boolean[] mask = Shapes.axesMask("logSumExp", axes, x.dim());
        Tensor m;
        try (Autograd.Scope s = Autograd.noGrad()) {
            // The shift is a constant for autodiff: the gradient of m + log(sum(exp(x - m))) does not depend on m.
            m = ElementwiseOps.map(reduce(x, mask, MAX, null), v -> Double.isFinite(v) ? v : 0.0)
                    .reshape(keepShape(x.shape, mask));
        }
        Tensor lse = x.sub(m).exp().sum(axes, true).log().add(m);
        return keepDim ? lse : lse.reshape(dropShape(x.shape, mask));
    }

    /**
     * Fast path when the reduced axes (ignoring size-1 axes) form one contiguous block: the input is then
     * (outer, mid, inner) with mid reduced, and the inner loop runs over contiguous memory. Covers max pooling over
     * points, bias-style sums over leading axes and sums over the last axis. Returns null when not applicable.
     */
    private static Tensor reduceBlock(Tensor x, boolean[] mask, int kind, int[] arg) {
        int[] block = block(x, mask);
        if (block == null) return null;
        int outer = block[0], mid = block[1], inner = block[2];
        int[] keep = keepShape(x.shape, mask);
        int on = outer * inner;
        if (on == 0 || mid == 0) return null;
        double[] acc = new double[on];
        float[] xf = x.f;
        double[] xd = x.d;
        final int fMid = mid, fInner = inner;
        // Threads take disjoint outer slices; each output is reduced in the same order as serially.
        int minOuter = (long) outer * mid * inner >= (1 << 16) ? 1 : outer;
        Parallel.forRange(outer, minOuter, (o0, o1) -> reduceSlices(kind, xf, xd, acc, arg, o0, o1, fMid, fInner));
        if (x.dtype == DType.FLOAT64) return new Tensor(acc, keep);
        float[] of = new float[on];
        for (int i = 0; i < on; i++) of[i] = (float) acc[i];
        return new Tensor(of, keep);
    }

    /** (outer, mid, inner) if the reduced axes (size-1 axes aside) are one contiguous block of {@code x}, else null. */
    private static int[] block(Tensor x, boolean[] mask) {
        int r = x.dim();
        int first = -1, last = -1;
        for (int i = 0; i < r; i++) {
            if (mask[i] && x.shape[i] != 1) {
                if (first < 0) first = i;
                last = i;
            }
        }
        if (first < 0) return null;
        for (int i = first; i <= last; i++) if (!mask[i] && x.shape[i] != 1) return null;
        int outer = 1, mid = 1, inner = 1;
        for (int i = 0; i < first; i++) outer *= x.shape[i];
        for (int i = first; i <= last; i++) mid *= x.shape[i];
        for (int i = last + 1; i < r; i++) inner *= x.shape[i];
        return new int[] {outer, mid, inner};
    }

    /**
     * Reduces the middle axis of outer slices [o0, o1) of an (outer, mid, inner) block into {@code acc}; for max/min
     * without {@code arg}, a branch-free running extreme the JIT can vectorize.
     */
    private static void reduceSlices(
            int kind, float[] xf, double[] xd, double[] acc, int[] arg, int o0, int o1, int mid, int inner) {
        for (int o = o0; o < o1; o++) {
            int ob = o * inner;
            if (kind == SUM) {
                for (int m = 0; m < mid; m++) {
                    int base = (o * mid + m) * inner;
                    if (xf != null) {
                        for (int i = 0; i < inner; i++) acc[ob + i] += xf[base + i];
                    } else {
                        for (int i = 0; i < inner; i++) acc[ob + i] += xd[base + i];
                    }
                }
            } else if (arg == null) {
                runningExtreme(kind == MAX, xf, xd, acc, ob, o * mid * inner, mid, inner);
            } else {
                boolean isMax = kind == MAX;
                int base0 = o * mid * inner;
                for (int i = 0; i < inner; i++) {
                    acc[ob + i] = xf != null ? xf[base0 + i] : xd[base0 + i];
                    arg[ob + i] = base0 + i;
                }
                for (int m = 1; m < mid; m++) {
                    int base = (o * mid + m) * inner;
                    // Separate float and double loops keep the dtype test out of the innermost loop.
                    if (xf != null) {
                        for (int i = 0; i < inner; i++) {
                            double v = xf[base + i];
                            double a = acc[ob + i];
                            // Strict comparison keeps the first extreme on ties; a NaN wins once and then stays.
                            if ((isMax ? v > a : v < a) || (v != v && a == a)) {
                                acc[ob + i] = v;
                                arg[ob + i] = base + i;
                            }
                        }
                    } else {
                        for (int i = 0; i < inner; i++) {
                            double v = xd[base + i];
                            double a = acc[ob + i];
                            if ((isMax ? v > a : v < a) || (v != v && a == a)) {
                                acc[ob + i] = v;
                                arg[ob + i] = base + i;
                            }
                        }
                    }
                }
            }
        }
    }

    /** Max or min over {@code mid} rows of {@code inner} values starting at {@code base}, into acc[ob, ob + inner). */
    private static void runningExtreme(
            boolean isMax, float[] xf, double[] xd, double[] acc, int ob, int base, int mid, int inner) {
        // Math.max/min propagate NaN, as the comparison loop does.
        if (xf != null) {
            float[] a = new float[inner];
            System.arraycopy(xf, base, a, 0, inner);
            for (int m = 1; m < mid; m++) {
                int row = base + m * inner;
                if (isMax) {
                    for (int i = 0; i < inner; i++) a[i] = Math.max(a[i], xf[row + i]);
                } else {
                    for (int i = 0; i < inner; i++) a[i] = Math.min(a[i], xf[row + i]);
                }
            }
            for (int i = 0; i < inner; i++) acc[ob + i] = a[i];
        } else {
            System.arraycopy(xd, base, acc, ob, inner);
            for (int m = 1; m < mid; m++) {
                int row = base + m * inner;
                if (isMax) {
                    for (int i = 0; i < inner; i++) acc[ob + i] = Math.max(acc[ob + i], xd[row + i]);
                } else {
                    for (int i = 0; i < inner; i++) acc[ob + i] = Math.min(acc[ob + i], xd[row + i]);
                }
            }
        }
    }

    static int[] keepShape(int[] shape, boolean[] mask) {
        int[] k = shape.clone();
        for (int i = 0; i < k.length; i++) if (mask[i]) k[i] = 1;
        return k;
    }

    static int[] dropShape(int[] shape, boolean[] mask) {
        int n = 0;
        for (boolean b : mask) if (!b) n++;
        int[] out = new int[n];
        int j = 0;
        for (int i = 0; i < shape.length; i++) if (!mask[i]) out[j++] = shape[i];
        return out;
    }

    /**
     * Raw reduction to the keepDim shape (flat); for MAX/MIN fills {@code arg}, when given, with flat input indices
     * (first wins).
     */
    static Tensor reduce(Tensor x, boolean[] mask, int kind, int[] arg) {
        Tensor fast = reduceBlock(x, mask, kind, arg);
        if (fast != null) return fast;
        int r = x.dim();
        int[] keep = keepShape(x.shape, mask);
        int on = Shapes.numel(keep);
        int[] ostr = Shapes.strides(keep);
        int[] st = new int[r];
        for (int i = 0; i < r; i++) st[i] = mask[i] ? 0 : ostr[i];
        double[] acc = new double[on];
        if (kind != SUM && arg == null) arg = new int[on];
        if (kind != SUM) {
            Arrays.fill(acc, Double.NaN);
            Arrays.fill(arg, -1);
        }
        int n = x.numel();
        if (n > 0) {
            int inner = r == 0 ? 1 : x.shape[r - 1];
            int is = r == 0 ? 0 : st[r - 1];
            int[] idx = new int[Math.max(r, 1)];
            int off = 0;
            double[] xd = x.d;
            float[] xf = x.f;
            for (int base = 0; base < n; base += inner) {
                for (int j = 0; j < inner; j++) {
                    double v = xd != null ? xd[base + j] : xf[base + j];
                    int o = off + j * is;
                    if (kind == SUM) {
                        acc[o] += v;
                    } else if (arg[o] < 0
                            || (kind == MAX ? v > acc[o] : v < acc[o])
                            || (Double.isNaN(v) && !Double.isNaN(acc[o]))) {
                        acc[o] = v;
                        arg[o] = base + j;
                    }
                }
                for (int ax = r - 2; ax >= 0; ax--) {
                    idx[ax]++;
                    off += st[ax];
                    if (idx[ax] < x.shape[ax]) break;
                    off -= st[ax] * x.shape[ax];
                    idx[ax] = 0;
                }
            }
        }
        if (x.dtype == DType.FLOAT64) return new Tensor(acc, keep);
        float[] of = new float[on];
        for (int i = 0; i < on; i++) of[i] = (float) acc[i];
        return new Tensor(of, keep);
    }
}
