package org.pointgrad.autodiff;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Elementwise ops with NumPy broadcasting. Each public op computes its forward value and passes its backward rule
 * to {@link Autograd#record} in the same method. Backward rules may return broadcast-shaped gradients: the engine
 * sums them to each input's shape.
 */
final class ElementwiseOps {
    private ElementwiseOps() {}

    private static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3, GENERIC = 4;

    // ------------------------------------------------------------------ binary

    static Tensor add(Tensor a, Tensor b) {
        Tensor out = binary("add", a, b, ADD, null);
        return Autograd.record("add", out, g -> new Tensor[] {g, g}, a, b);
    }

    static Tensor sub(Tensor a, Tensor b) {
        Tensor out = binary("sub", a, b, SUB, null);
        return Autograd.record("sub", out, g -> new Tensor[] {g, b.requiresGrad ? g.neg() : null}, a, b);
    }

    static Tensor mul(Tensor a, Tensor b) {
        Tensor out = binary("mul", a, b, MUL, null);
        return Autograd.record(
                "mul",
                out,
                g -> new Tensor[] {a.requiresGrad ? g.mul(b) : null, b.requiresGrad ? g.mul(a) : null},
                a,
                b);
    }

    static Tensor div(Tensor a, Tensor b) {
        Tensor out = binary("div", a, b, DIV, null);
        return Autograd.record(
                "div",
                out,
                g -> new Tensor[] {
                    a.requiresGrad ? g.div(b) : null,
                    b.requiresGrad ? g.mul(out).div(b).neg() : null
                },
                a,
                b);
    }

    static Tensor maximum(Tensor a, Tensor b) {
        Tensor out = binary("maximum", a, b, GENERIC, Math::max);
        return Autograd.record(
                "maximum",
                out,
                g -> new Tensor[] {
                    a.requiresGrad
                            ? g.mul(binary("maximum", a, b, GENERIC, (x, y) -> x > y ? 1 : x == y ? 0.5 : 0))
                            : null,
                    b.requiresGrad
                            ? g.mul(binary("maximum", a, b, GENERIC, (x, y) -> y > x ? 1 : x == y ? 0.5 : 0))
                            : null
                },
                a,
                b);
    }

    static Tensor minimum(Tensor a, Tensor b) {
        Tensor out = binary("minimum", a, b, GENERIC, Math::min);
        return Autograd.record(
                "minimum",
                out,
                g -> new Tensor[] {
                    a.requiresGrad
                            ? g.mul(binary("minimum", a, b, GENERIC, (x, y) -> x < y ? 1 : x == y ? 0.5 : 0))
                            : null,
                    b.requiresGrad
                            ? g.mul(binary("minimum", a, b, GENERIC, (x, y) -> y < x ? 1 : x == y ? 0.5 : 0))
                            : null
                },
                a,
                b);
    }

    static Tensor where(Tensor mask, Tensor a, Tensor b) {
        checkDType("where", a, b);
        int[] shape = Shapes.broadcast("where", Shapes.broadcast("where", mask.shape, a.shape), b.shape);
        Tensor m = ShapeOps.expandRaw(mask, shape),
                ea = ShapeOps.expandRaw(a, shape),
                eb = ShapeOps.expandRaw(b, shape);
        Tensor out = Tensor.zeros(a.dtype, shape);
        int n = out.numel();
        for (int i = 0; i < n; i++) out.setFlat(i, m.getFlat(i) != 0 ? ea.getFlat(i) : eb.getFlat(i));
        return Autograd.record(
                "where",
                out,
                g -> {
                    Tensor ga = Tensor.zerosLike(g), gb = Tensor.zerosLike(g);
                    for (int i = 0; i < n; i++) {
                        if (m.getFlat(i) != 0) ga.setFlat(i, g.getFlat(i));
                        else gb.setFlat(i, g.getFlat(i));
                    }
                    return new Tensor[] {null, ga, gb};
                },
                mask,
                a,
                b);
    }

    // ------------------------------------------------------------------ scalar

    static Tensor addScalar(Tensor x, double c) {
        Tensor out = map(x, v -> v + c);
        return Autograd.record("add_scalar", out, g -> new Tensor[] {g}, x);
    }

    static Tensor mulScalar(Tensor x, double c) {
        Tensor out = scale(x, c);
        return Autograd.record(c == -1.0 ? "neg" : "mul_scalar", out, g -> new Tensor[] {scale(g, c)}, x);
    }

    static Tensor pow(Tensor x, double p) {
        Tensor out = map(x, v -> Math.pow(v, p));
        return Autograd.record("pow", out, g -> new Tensor[] {g.mul(map(x, v -> p * Math.pow(v, p - 1)))}, x);
    }

    // ------------------------------------------------------------------ unary

    static Tensor exp(Tensor x) {
        Tensor out = map(x, Math::exp);
        return Autograd.record("exp", out, g -> new Tensor[] {g.mul(out)}, x);
    }

    static Tensor log(Tensor x) {
        Tensor out = map(x, Math::log);
        return Autograd.record("log", out, g -> new Tensor[] {g.div(x)}, x);
    }

    static Tensor sqrt(Tensor x) {
        Tensor out = map(x, Math::sqrt);
        return Autograd.record("sqrt", out, g -> new Tensor[] {g.mul(map(out, v -> 0.5 / v))}, x);
    }

    static Tensor abs(Tensor x) {
        Tensor out = map(x, Math::abs);
        return Autograd.record("abs", out, g -> new Tensor[] {g.mul(map(x, Math::signum))}, x);
    }

    static Tensor square(Tensor x) {
        Tensor out = binary("square", x, x, MUL, null);
        return Autograd.record("square", out, g -> new Tensor[] {g.mul(scale(x, 2.0))}, x);
    }

    static Tensor relu(Tensor x) {
        // Math.max and the bit-mask backward below compile to branch-free vector code; a ternary on random signs
        // mispredicts half the time and ran 8x slower on 4M elements.
        int n = x.numel();
        Tensor out;
        if (x.d != null) {
            double[] in = x.d, o = new double[n];
            for (int i = 0; i < n; i++) o[i] = Math.max(in[i], 0.0);
            out = new Tensor(o, x.shape);
        } else {
            float[] in = x.f, o = new float[n];
            for (int i = 0; i < n; i++) o[i] = Math.max(in[i], 0f);
            out = new Tensor(o, x.shape);
        }
        return Autograd.record(
                "relu",
                out,
                g -> {
                    // The output is +0, positive or NaN. Its bit pattern minus one is negative for +0 and for a NaN
                    // with the sign bit set, so (bits - 1) >> 31 is an all-ones mask there: the gradient is dropped
                    // at 0 (and sign-bit NaN).
                    if (g.d != null) {
                        double[] gd = g.d, od = out.d, r = new double[n];
                        for (int i = 0; i < n; i++) {
                            long k = (Double.doubleToRawLongBits(od[i]) - 1) >> 63;
                            r[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(gd[i]) & ~k);
                        }
                        return new Tensor[] {new Tensor(r, x.shape)};
                    }
                    float[] gf = g.f, of = out.f, r = new float[n];
                    for (int i = 0; i < n; i++) {
                        int k = (Float.floatToRawIntBits(of[i]) - 1) >> 31;
                        r[i] = Float.intBitsToFloat(Float.floatToRawIntBits(gf[i]) & ~k);
                    }
                    return new Tensor[] {new Tensor(r, x.shape)};
                },
                x);
    }

    static Tensor leakyRelu(Tensor x, double slope) {
        Tensor out = map(x, v -> v > 0 ? v : slope * v);
        return Autograd.record(
                "leaky_relu",
                out,
                g -> new Tensor[] {binary("leaky_relu_backward", g, x, GENERIC, (gv, xv) -> xv > 0 ? gv : slope * gv)},
                x);
    }

    static Tensor tanh(Tensor x) {
        Tensor out = map(x, Math::tanh);
        return Autograd.record(
                "tanh",
                out,
                g -> new Tensor[] {binary("tanh_backward", g, out, GENERIC, (gv, y) -> gv * (1 - y * y))},
                x);
    }

    static Tensor sigmoid(Tensor x) {
        Tensor out = map(x, ElementwiseOps::sigmoidValue);
        return Autograd.record(
                "sigmoid",
                out,
                g -> new Tensor[] {binary("sigmoid_backward", g, out, GENERIC, (gv, y) -> gv * y * (1 - y))},
                x);
    }

    static double sigmoidValue(double v) {
        // Two branches keep exp's argument non-positive, so neither overflows.
        if (v >= 0) return 1.0 / (1.0 + Math.exp(-v));
        double e = Math.exp(v);
        return e / (1.0 + e);
    }

    static Tensor softplus(Tensor x) {
        Tensor out = map(x, v -> Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
        return Autograd.record(
                "softplus",
                out,
                g -> new Tensor[] {binary("softplus_backward", g, x, GENERIC, (gv, xv) -> gv * sigmoidValue(xv))},
                x);
    }

    static Tensor clamp(Tensor x, double min, double max) {
        if (min > max) throw new IllegalArgumentException("clamp: min " + min + " > max " + max);
        Tensor out = map(x, v -> v < min ? min : (v > max ? max : v));
        return Autograd.record(
                "clamp",
                out,
                g -> new Tensor[] {binary("clamp_backward", g, x, GENERIC, (gv, xv) -> xv > min && xv < max ? gv : 0.0)
                },
                x);
    }

    static Tensor cast(Tensor x, DType target) {
        if (x.dtype == target) return x;
        Tensor out = target == DType.FLOAT64
                ? new Tensor(x.toDoubleArray(), x.shape)
                : new Tensor(x.toFloatArray(), x.shape);
        return Autograd.record("to_" + target, out, g -> new Tensor[] {g.to(x.dtype)}, x);
    }

    // ------------------------------------------------------------------ raw kernels (no graph)

    static void checkDType(String op, Tensor a, Tensor b) {
        if (a.dtype != b.dtype) {
            throw new IllegalArgumentException(op + ": dtype mismatch " + a.dtype + " vs " + b.dtype + " (shapes "
                    + Shapes.str(a.shape) + " and " + Shapes.str(b.shape) + "); convert one with to(DType)");
        }
    }

    /** Applies {@code fn} to every element; no graph. */
    static Tensor map(Tensor x, DoubleUnaryOperator fn) {
        int n = x.numel();
        if (x.dtype == DType.FLOAT64) {
            double[] in = x.d, o = new double[n];
            for (int i = 0; i < n; i++) o[i] = fn.applyAsDouble(in[i]);
            return new Tensor(o, x.shape);
        }
        float[] in = x.f, o = new float[n];
        for (int i = 0; i < n; i++) o[i] = (float) fn.applyAsDouble(in[i]);
        return new Tensor(o, x.shape);
    }

    static Tensor scale(Tensor x, double c) {
        int n = x.numel();
        if (x.dtype == DType.FLOAT64) {
            double[] in = x.d, o = new double[n];
            for (int i = 0; i < n; i++) o[i] = in[i] * c;
            return new Tensor(o, x.shape);
        }
        float[] in = x.f, o = new float[n];
        float cf = (float) c;
        for (int i = 0; i < n; i++) o[i] = in[i] * cf;
        return new Tensor(o, x.shape);
    }

    /** Broadcasting binary kernel; no graph. {@code code} selects a specialised loop, GENERIC uses {@code fn}. */
    static Tensor binary(String op, Tensor a, Tensor b, int code, DoubleBinaryOperator fn) {
        checkDType(op, a, b);
        int[] shape = Arrays.equals(a.shape, b.shape) ? a.shape : Shapes.broadcast(op, a.shape, b.shape);
        int n = Shapes.numel(shape);
        int r = shape.length;
        int[] sa = Shapes.broadcastStrides(a.shape, shape), sb = Shapes.broadcastStrides(b.shape, shape);
        int inner = r == 0 ? 1 : shape[r - 1];
        int ia = r == 0 ? 0 : sa[r - 1], ib = r == 0 ? 0 : sb[r - 1];
        int[] idx = new int[Math.max(r, 1)];
        int offA = 0, offB = 0;
        if (a.dtype == DType.FLOAT64) {
            double[] x = a.d, y = b.d, o = new double[n];
            if (inner > 0) {
                for (int base = 0; base < n; base += inner) {
                    doubleRun(code, fn, x, offA, ia, y, offB, ib, o, base, inner);
                    for (int ax = r - 2; ax >= 0; ax--) {
                        idx[ax]++;
                        offA += sa[ax];
                        offB += sb[ax];
                        if (idx[ax] < shape[ax]) break;
                        offA -= sa[ax] * shape[ax];
                        offB -= sb[ax] * shape[ax];
                        idx[ax] = 0;
                    }
                }
            }
            return new Tensor(o, shape.clone());
        }
        float[] x = a.f, y = b.f, o = new float[n];
        if (inner > 0) {
            for (int base = 0; base < n; base += inner) {
                floatRun(code, fn, x, offA, ia, y, offB, ib, o, base, inner);
                for (int ax = r - 2; ax >= 0; ax--) {
                    idx[ax]++;
                    offA += sa[ax];
                    offB += sb[ax];
                    if (idx[ax] < shape[ax]) break;
                    offA -= sa[ax] * shape[ax];
                    offB -= sb[ax] * shape[ax];
                    idx[ax] = 0;
                }
            }
        }
        return new Tensor(o, shape.clone());
    }

    private static void doubleRun(
            int code,
            DoubleBinaryOperator fn,
            double[] x,
            int ox,
            int sx,
            double[] y,
            int oy,
            int sy,
            double[] o,
            int base,
            int len) {
        if (sx == 1 && sy == 1) {
            switch (code) {
                case ADD -> {
                    for (int j = 0; j < len; j++) o[base + j] = x[ox + j] + y[oy + j];
                }
                case SUB -> {
                    for (int j = 0; j < len; j++) o[base + j] = x[ox + j] - y[oy + j];
                }
                case MUL -> {
                    for (int j = 0; j < len; j++) o[base + j] = x[ox + j] * y[oy + j];
                }
                case DIV -> {
                    for (int j = 0; j < len; j++) o[base + j] = x[ox + j] / y[oy + j];
                }
                default -> {
                    for (int j = 0; j < len; j++) o[base + j] = fn.applyAsDouble(x[ox + j], y[oy + j]);
                }
            }
            return;
        }
        switch (code) {
            case ADD -> {
                for (int j = 0; j < len; j++) o[base + j] = x[ox + j * sx] + y[oy + j * sy];
            }
            case SUB -> {
                for (int j = 0; j < len; j++) o[base + j] = x[ox + j * sx] - y[oy + j * sy];
            }
            case MUL -> {
                for (int j = 0; j < len; j++) o[base + j] = x[ox + j * sx] * y[oy + j * sy];
            }
            case DIV -> {
                for (int j = 0; j < len; j++) o[base + j] = x[ox + j * sx] / y[oy + j * sy];
            }
            default -> {
                for (int j = 0; j < len; j++) o[base + j] = fn.applyAsDouble(x[ox + j * sx], y[oy + j * sy]);
            }
        }
    }

    private static void floatRun(
            int code,
            DoubleBinaryOperator fn,
            float[] x,
            int ox,
            int sx,
            float[] y,
            int oy,
            int sy,
            float[] o,
            int base,
            int len) {
        if (sx == 1 && sy == 1) {
            switch (code) {
                case ADD -> {
                    for (int j = 0; j < len; j++) o[base + j] = x[ox + j] + y[oy + j];
                }
                case SUB -> {
                    for (int j = 0; j < len; j++) o[base + j] = x[ox + j] - y[oy + j];
                }
                case MUL -> {
                    for (int j = 0; j < len; j++) o[base + j] = x[ox + j] * y[oy + j];
                }
                case DIV -> {
                    for (int j = 0; j < len; j++) o[base + j] = x[ox + j] / y[oy + j];
                }
                default -> {
                    for (int j = 0; j < len; j++) o[base + j] = (float) fn.applyAsDouble(x[ox + j], y[oy + j]);
                }
            }
            return;
        }
        switch (code) {
            case ADD -> {
                for (int j = 0; j < len; j++) o[base + j] = x[ox + j * sx] + y[oy + j * sy];
            }
            case SUB -> {
                for (int j = 0; j < len; j++) o[base + j] = x[ox + j * sx] - y[oy + j * sy];
            }
            case MUL -> {
                for (int j = 0; j < len; j++) o[base + j] = x[ox + j * sx] * y[oy + j * sy];
            }
            case DIV -> {
                for (int j = 0; j < len; j++) o[base + j] = x[ox + j * sx] / y[oy + j * sy];
            }
            default -> {
                for (int j = 0; j < len; j++) o[base + j] = (float) fn.applyAsDouble(x[ox + j * sx], y[oy + j * sy]);
            }
        }
    }
}
