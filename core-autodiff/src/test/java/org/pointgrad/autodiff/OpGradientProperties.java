package org.pointgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Gradient checks (central differences, FLOAT64) of every differentiable op over random shapes, including
 * broadcasting, size-1 axes and rank 0. Values avoid non-differentiable points (kinks, ties).
 */
class OpGradientProperties {
    private static final int TRIES = 100;

    private static void check(String op, Function<Tensor[], Tensor> fn, Tensor... inputs) {
        for (Tensor t : inputs) t.requiresGrad(true);
        GradCheckReport r = GradCheck.check(fn, inputs);
        assertTrue(r.passed(), () -> op + ": " + r);
        assertTrue(r.maxRelError() < 1e-6, () -> op + ": relative error " + r.maxRelError() + "\n" + r);
    }

    private interface Binary {
        Tensor apply(Tensor a, Tensor b);
    }

    private static void binary(long seed, String op, Binary f, double lo, double hi, double bLo, double bHi) {
        RandomTensors rt = new RandomTensors(seed);
        int[] out = rt.shape(0, 4, 4, 48);
        int[] sa = rt.broadcastable(out), sb = rt.broadcastable(out);
        if (rt.rng.nextBoolean()) {
            int[] t = sa;
            sa = sb;
            sb = t;
        }
        check(op, in -> f.apply(in[0], in[1]), rt.uniform(sa, lo, hi), rt.uniform(sb, bLo, bHi));
    }

    @Property(tries = TRIES)
    void add(@ForAll long seed) {
        binary(seed, "add", Tensor::add, -2, 2, -2, 2);
    }

    @Property(tries = TRIES)
    void sub(@ForAll long seed) {
        binary(seed, "sub", Tensor::sub, -2, 2, -2, 2);
    }

    @Property(tries = TRIES)
    void mul(@ForAll long seed) {
        binary(seed, "mul", Tensor::mul, -2, 2, -2, 2);
    }

    @Property(tries = TRIES)
    void div(@ForAll long seed) {
        binary(seed, "div", Tensor::div, -2, 2, 0.5, 2);
    }

    @Property(tries = TRIES)
    void maximumAndMinimum(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        int[] out = rt.shape(0, 4, 4, 48);
        int[] sa = rt.broadcastable(out), sb = rt.broadcastable(out);
        // a in [0.1, 1), b in [-1, -0.1) or [1.1, 2): never equal, so no ties.
        Tensor a = rt.uniform(sa, 0.1, 1.0);
        Tensor b = rt.uniform(sb, 0, 1);
        for (int i = 0; i < b.numel(); i++)
            b.setFlat(i, rt.rng.nextBoolean() ? -1 + 0.9 * b.getFlat(i) : 1.1 + 0.9 * b.getFlat(i));
        check("maximum", in -> in[0].maximum(in[1]), a, b);
        check("minimum", in -> in[0].minimum(in[1]), a.copy(), b.copy());
    }

    @Property(tries = TRIES)
    void where(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        int[] out = rt.shape(0, 4, 4, 48);
        Tensor mask = rt.uniform(rt.broadcastable(out), 0, 1);
        for (int i = 0; i < mask.numel(); i++) mask.setFlat(i, mask.getFlat(i) > 0.5 ? 1 : 0);
        Tensor a = rt.uniform(rt.broadcastable(out), -2, 2), b = rt.uniform(rt.broadcastable(out), -2, 2);
        a.requiresGrad(true);
        b.requiresGrad(true);
        GradCheckReport r = GradCheck.check(in -> Tensor.where(in[0], in[1], in[2]), mask, a, b);
        assertTrue(r.passed(), r::toString);
    }

    private interface Unary {
        Tensor apply(Tensor x);
    }

    private static void unary(long seed, String op, Unary f, double lo, double hi) {
        RandomTensors rt = new RandomTensors(seed);
        check(op, in -> f.apply(in[0]), rt.uniform(rt.shape(0, 4, 4, 48), lo, hi));
    }

    private static void unaryAwayFromZero(long seed, String op, Unary f) {
        RandomTensors rt = new RandomTensors(seed);
        check(op, in -> f.apply(in[0]), rt.awayFromZero(rt.shape(0, 4, 4, 48)));
    }

    @Property(tries = TRIES)
    void neg(@ForAll long seed) {
        unary(seed, "neg", Tensor::neg, -2, 2);
    }

    @Property(tries = TRIES)
    void addScalar(@ForAll long seed) {
        unary(seed, "add_scalar", x -> x.add(0.7).sub(0.2), -2, 2);
    }

    @Property(tries = TRIES)
    void mulScalar(@ForAll long seed) {
        unary(seed, "mul_scalar", x -> x.mul(-1.3).div(0.4), -2, 2);
    }

    @Property(tries = TRIES)
    void pow(@ForAll long seed) {
        unary(seed, "pow", x -> x.pow(2.7), 0.2, 2);
    }

    @Property(tries = TRIES)
    void powNegative(@ForAll long seed) {
        unary(seed, "pow", x -> x.pow(-1.5), 0.3, 2);
    }

    @Property(tries = TRIES)
    void exp(@ForAll long seed) {
        unary(seed, "exp", Tensor::exp, -2, 2);
    }

    @Property(tries = TRIES)
    void log(@ForAll long seed) {
        unary(seed, "log", Tensor::log, 0.2, 3);
    }

    @Property(tries = TRIES)
    void sqrt(@ForAll long seed) {
        unary(seed, "sqrt", Tensor::sqrt, 0.2, 3);
    }

    @Property(tries = TRIES)
    void abs(@ForAll long seed) {
        unaryAwayFromZero(seed, "abs", Tensor::abs);
    }

    @Property(tries = TRIES)
    void square(@ForAll long seed) {
        unary(seed, "square", Tensor::square, -2, 2);
    }

    @Property(tries = TRIES)
    void relu(@ForAll long seed) {
        unaryAwayFromZero(seed, "relu", Tensor::relu);
    }

    @Property(tries = TRIES)
    void leakyRelu(@ForAll long seed) {
        unaryAwayFromZero(seed, "leaky_relu", x -> x.leakyRelu(0.1));
    }

    @Property(tries = TRIES)
    void tanh(@ForAll long seed) {
        unary(seed, "tanh", Tensor::tanh, -3, 3);
    }

    @Property(tries = TRIES)
    void sigmoid(@ForAll long seed) {
        unary(seed, "sigmoid", Tensor::sigmoid, -5, 5);
    }

    @Property(tries = TRIES)
    void softplus(@ForAll long seed) {
        unary(seed, "softplus", Tensor::softplus, -8, 8);
    }

    @Property(tries = TRIES)
    void cast(@ForAll long seed) {
        // Through FLOAT32 and back: the round trip is differentiable with gradient 1 (checked with float-level
        // tolerance).
        RandomTensors rt = new RandomTensors(seed);
        Tensor x = rt.uniform(rt.shape(0, 3, 4, 24), -2, 2).requiresGrad(true);
        GradCheckReport r = GradCheck.check(
                in -> in[0].to(DType.FLOAT32).mul(3.0).to(DType.FLOAT64),
                GradCheck.defaults().withEps(1e-2).withRtol(1e-4).withAtol(1e-4),
                x);
        assertTrue(r.passed(), r::toString);
    }

    @Property(tries = TRIES)
    void clamp(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        Tensor x = rt.uniform(rt.shape(0, 4, 4, 48), -2, 2);
        // Keep values away from the bounds -0.5 and 0.8.
        for (int i = 0; i < x.numel(); i++) {
            double v = x.getFlat(i);
            if (Math.abs(v + 0.5) < 0.05 || Math.abs(v - 0.8) < 0.05) x.setFlat(i, v + 0.2);
        }
        check("clamp", in -> in[0].clamp(-0.5, 0.8), x);
    }

    // ------------------------------------------------------------------ reductions

    @Property(tries = TRIES)
    void sum(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        int[] s = rt.shape(0, 4, 4, 48);
        int[] axes = rt.axes(s.length);
        boolean keep = rt.rng.nextBoolean();
        check("sum", in -> in[0].sum(axes, keep), rt.uniform(s, -2, 2));
    }

    @Property(tries = TRIES)
    void mean(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        int[] s = rt.shape(0, 4, 4, 48);
        int[] axes = rt.axes(s.length);
        boolean keep = rt.rng.nextBoolean();
        check("mean", in -> in[0].mean(axes, keep), rt.uniform(s, -2, 2));
    }

    @Property(tries = TRIES)
    void max(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        int[] s = rt.shape(0, 4, 4, 48);
        int[] axes = rt.axes(s.length);
        boolean keep = rt.rng.nextBoolean();
        check("max", in -> in[0].max(axes, keep), rt.distinct(s));
    }

    @Property(tries = TRIES)
    void min(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        int[] s = rt.shape(0, 4, 4, 48);
        int[] axes = rt.axes(s.length);
        boolean keep = rt.rng.nextBoolean();
        check("min", in -> in[0].min(axes, keep), rt.distinct(s));
    }

    @Property(tries = TRIES)
    void logSumExp(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        int[] s = rt.shape(0, 4, 4, 48);
        int[] axes = rt.axes(s.length);
        boolean keep = rt.rng.nextBoolean();
        check("logSumExp", in -> in[0].logSumExp(axes, keep), rt.uniform(s, -3, 3));
    }

    // ------------------------------------------------------------------ shape ops

    @Property(tries = TRIES)
    void reshape(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        int[] s = rt.shape(0, 4, 4, 48);
        int n = Shapes.numel(s);
        int[] target = n % 2 == 0 ? new int[] {2, -1} : new int[] {n};
        check("reshape", in -> in[0].reshape(target).mul(in[0].reshape(target)), rt.uniform(s, -2, 2));
    }

    @Property(tries = TRIES)
    void permuteAndTranspose(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        int[] s = rt.shape(1, 4, 4, 48);
        int r = s.length;
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = i;
        for (int i = r - 1; i > 0; i--) {
            int j = rt.rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        check("permute", in -> in[0].permute(perm), rt.uniform(s, -2, 2));
        int a = rt.rng.nextInt(r), b = rt.rng.nextInt(r);
        check("transpose", in -> in[0].transpose(a, b), rt.uniform(s, -2, 2));
    }

    @Property(tries = TRIES)
    void squeezeUnsqueeze(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        int[] s = rt.shape(0, 3, 4, 48);
        int ax = rt.rng.nextInt(s.length + 1);
        // mean, not sum: a sum added to every element makes the loss large and the central difference lose digits.
        check(
                "unsqueeze+squeeze",
                in -> in[0].unsqueeze(ax)
                        .square()
                        .squeeze(ax)
                        .add(in[0].unsqueeze(ax).squeeze().mean()),
                rt.uniform(s, -2, 2));
    }

    @Property(tries = TRIES)
    void expand(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        int[] out = rt.shape(0, 4, 4, 48);
        check("expand", in -> in[0].expand(out), rt.uniform(rt.broadcastable(out), -2, 2));
    }

    @Property(tries = TRIES)
    void sliceAndNarrow(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        int[] s = rt.shape(1, 4, 5, 60);
        int ax = rt.rng.nextInt(s.length);
        int start = rt.rng.nextInt(s[ax]);
        int end = start + rt.rng.nextInt(s[ax] - start + 1);
        int step = 1 + rt.rng.nextInt(3);
        check("slice", in -> in[0].slice(ax, start, end, step), rt.uniform(s, -2, 2));
        check("narrow", in -> in[0].narrow(ax, start, end - start), rt.uniform(s, -2, 2));
    }

    @Property(tries = TRIES)
    void indexSelect(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        int[] s = rt.shape(1, 4, 4, 48);
        int ax = rt.rng.nextInt(s.length);
        int[] idx = new int[1 + rt.rng.nextInt(5)];
        for (int i = 0; i < idx.length; i++) idx[i] = rt.rng.nextInt(s[ax]);
        check("indexSelect", in -> in[0].indexSelect(ax, idx), rt.uniform(s, -2, 2));
    }

    @Property(tries = TRIES)
    void gather(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        int[] s = rt.shape(1, 4, 4, 48);
        int ax = rt.rng.nextInt(s.length);
        int[] is = s.clone();
        for (int i = 0; i < is.length; i++) is[i] = i == ax ? 1 + rt.rng.nextInt(5) : 1 + rt.rng.nextInt(s[i]);
        Tensor index = Tensor.zeros(DType.FLOAT64, is);
        for (int i = 0; i < index.numel(); i++) index.setFlat(i, rt.rng.nextInt(s[ax]));
        Tensor x = rt.uniform(s, -2, 2).requiresGrad(true);
        GradCheckReport r = GradCheck.check(in -> in[0].gather(ax, in[1]), x, index);
        assertTrue(r.passed(), r::toString);
    }

    @Property(tries = TRIES)
    void repeat(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        int[] s = rt.shape(0, 3, 3, 18);
        int[] reps = new int[s.length + rt.rng.nextInt(2)];
        for (int i = 0; i < reps.length; i++) reps[i] = 1 + rt.rng.nextInt(3);
        check("repeat", in -> in[0].repeat(reps), rt.uniform(s, -2, 2));
    }

    @Property(tries = TRIES)
    void concatAndStack(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        int[] s = rt.shape(1, 4, 4, 32);
        int ax = rt.rng.nextInt(s.length);
        int[] s2 = s.clone();
        s2[ax] = 1 + rt.rng.nextInt(3);
        check("concat", in -> Tensor.concat(ax, in[0], in[1], in[0]), rt.uniform(s, -2, 2), rt.uniform(s2, -2, 2));
        int sax = rt.rng.nextInt(s.length + 1);
        check("stack", in -> Tensor.stack(sax, in[0], in[1]), rt.uniform(s, -2, 2), rt.uniform(s, -2, 2));
    }

    // ------------------------------------------------------------------ linear algebra

    @Property(tries = TRIES)
    void linear(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        int in = 1 + rt.rng.nextInt(5), out = 1 + rt.rng.nextInt(5);
        int[] lead = rt.shape(0, 2, 4, 12);
        int[] xs = Arrays.copyOf(lead, lead.length + 1);
        xs[lead.length] = in;
        boolean withBias = rt.rng.nextInt(4) != 0;
        Tensor x = rt.uniform(xs, -2, 2),
                w = rt.uniform(new int[] {out, in}, -1, 1),
                b = rt.uniform(new int[] {out}, -1, 1);
        if (withBias) check("linear", t -> Tensor.linear(t[0], t[1], t[2]), x, w, b);
        else check("linear", t -> Tensor.linear(t[0], t[1], null), x, w);
    }

    @Property(tries = TRIES)
    void matmul2d(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        int n = 1 + rt.rng.nextInt(6), k = 1 + rt.rng.nextInt(6), m = 1 + rt.rng.nextInt(6);
        check(
                "matmul",
                in -> in[0].matmul(in[1]),
                rt.uniform(new int[] {n, k}, -2, 2),
                rt.uniform(new int[] {k, m}, -2, 2));
    }

    @Property(tries = TRIES)
    void matmulBatchedBroadcast(@ForAll long seed) {
        RandomTensors rt = new RandomTensors(seed);
        int n = 1 + rt.rng.nextInt(4), k = 1 + rt.rng.nextInt(4), m = 1 + rt.rng.nextInt(4);
        int[] batch = rt.shape(0, 2, 3, 6);
        int[] ba = rt.broadcastable(batch), bb = rt.broadcastable(batch);
        int[] sa = Arrays.copyOf(ba, ba.length + 2);
        sa[ba.length] = n;
        sa[ba.length + 1] = k;
        int[] sb = Arrays.copyOf(bb, bb.length + 2);
        sb[bb.length] = k;
        sb[bb.length + 1] = m;
        check("matmul", in -> in[0].matmul(in[1]), rt.uniform(sa, -2, 2), rt.uniform(sb, -2, 2));
    }
}
