package org.pointgrad.autodiff;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * An N-dimensional, row-major, contiguous array of FLOAT64 or FLOAT32 values that can take part in reverse-mode
 * automatic differentiation. Ops return new tensors and, when recording is on and an input requires a gradient,
 * attach a backward rule (see {@link Autograd#record}). {@link #backward()} fills {@link #grad()} of the leaves.
 *
 * <p>Reshape-like ops share storage with their input; all other ops allocate. Tensors are not thread-safe.
 */
public final class Tensor {
    final int[] shape;
    final DType dtype;
    final double[] d;
    final float[] f;
    /**
     * Count of in-place writes to the data, shared by every tensor over the same array (views, detached tensors), so
     * a write through any of them is seen by a graph that saved another.
     */
    final int[] version;

    boolean requiresGrad;
    Tensor grad;
    // Graph node fields: set by Autograd.record, cleared when the graph is freed.
    Tensor[] parents;
    BackwardFn backwardFn;
    String opName;
    StackTraceElement[] creationSite;
    boolean graphFreed;
    /** Versions of {@link #parents} when this node was recorded, checked again before its backward runs. */
    int[] parentVersions;
    /**
     * A gradient made by {@link Autograd#gradientBuffer} in the running backward and not handed to anyone outside
     * the engine: once the engine is done with it, its storage goes back to the backward's pool.
     */
    boolean pooled;

    Tensor(double[] data, int[] shape) {
        this(data, shape, new int[1]);
    }

    Tensor(float[] data, int[] shape) {
        this(data, shape, new int[1]);
    }

    /** Over the same data as a tensor whose {@code version} counter this one shares. */
    Tensor(double[] data, int[] shape, int[] version) {
        this.shape = shape;
        this.dtype = DType.FLOAT64;
        this.d = data;
        this.f = null;
        this.version = version;
    }

    Tensor(float[] data, int[] shape, int[] version) {
        this.shape = shape;
        this.dtype = DType.FLOAT32;
        this.d = null;
        this.f = data;
        this.version = version;
    }

    /** A tensor of the given shape over this one's data, sharing its version counter. */
    Tensor sameData(int[] newShape) {
        return d != null ? new Tensor(d, newShape, version) : new Tensor(f, newShape, version);
    }

    // ---------------------------------------------------------------- creation

    /** A FLOAT64 tensor over a copy of {@code data} with the given shape. */
    public static Tensor of(double[] data, int... shape) {
        Objects.requireNonNull(data, "data");
        checkLength("Tensor.of", data.length, shape);
        return new Tensor(data.clone(), shape.clone());
    }

    /** A FLOAT32 tensor over a copy of {@code data} with the given shape. */
    public static Tensor of(float[] data, int... shape) {
        Objects.requireNonNull(data, "data");
        checkLength("Tensor.of", data.length, shape);
        return new Tensor(data.clone(), shape.clone());
    }

    /** A FLOAT64 tensor that takes ownership of {@code data} (no copy): the caller must not modify it afterwards. */
    public static Tensor wrap(double[] data, int... shape) {
        checkLength("Tensor.wrap", data.length, shape);
        return new Tensor(data, shape.clone());
    }

    /** A FLOAT32 tensor that takes ownership of {@code data} (no copy): the caller must not modify it afterwards. */
    public static Tensor wrap(float[] data, int... shape) {
        checkLength("Tensor.wrap", data.length, shape);
        return new Tensor(data, shape.clone());
    }

    private static void checkLength(String op, int length, int[] shape) {
        Objects.requireNonNull(shape, "shape");
        Shapes.checkShape(op, shape);
        int n = Shapes.numel(shape);
        if (n != length) {
            throw new IllegalArgumentException(
                    op + ": " + length + " values do not fill shape " + Shapes.str(shape) + " (" + n + " elements)");
        }
    }

    /** A rank-0 FLOAT64 tensor. */
    public static Tensor scalar(double v) {
        return new Tensor(new double[] {v}, new int[0]);
    }

    /** A rank-0 tensor of the given dtype. */
    public static Tensor scalar(DType dtype, double v) {
        return full(dtype, v);
    }

    /** Zeros of the given dtype and shape. */
    public static Tensor zeros(DType dtype, int... shape) {
        Shapes.checkShape("zeros", shape);
        int n = Shapes.numel(shape);
        return dtype == DType.FLOAT64
                ? new Tensor(new double[n], shape.clone())
                : new Tensor(new float[n], shape.clone());
    }

    /** Ones of the given dtype and shape. */
    public static Tensor ones(DType dtype, int... shape) {
        return full(dtype, 1.0, shape);
    }

    /** A tensor filled with {@code value}. */
    public static Tensor full(DType dtype, double value, int... shape) {
        Tensor t = zeros(dtype, shape);
        if (dtype == DType.FLOAT64) Arrays.fill(t.d, value);
        else Arrays.fill(t.f, (float) value);
        return t;
    }

    /** Zeros shaped and typed like {@code t}. */
    public static Tensor zerosLike(Tensor t) {
        return zeros(t.dtype, t.shape);
    }

    /** Standard normal samples from {@code rng} (reproducible for a seeded generator). */
    public static Tensor randn(RandomGenerator rng, DType dtype, int... shape) {
        Objects.requireNonNull(rng, "rng");
        Tensor t = zeros(dtype, shape);
        int n = t.numel();
        for (int i = 0; i < n; i++) t.setFlat(i, rng.nextGaussian());
        return t;
    }

    /** Uniform samples in [0, 1) from {@code rng}. */
    public static Tensor rand(RandomGenerator rng, DType dtype, int... shape) {
        Objects.requireNonNull(rng, "rng");
        Tensor t = zeros(dtype, shape);
        int n = t.numel();
        for (int i = 0; i < n; i++) t.setFlat(i, rng.nextDouble());
        return t;
    }

    /** Uniform samples in [lo, hi) from {@code rng}. */
    public static Tensor uniform(RandomGenerator rng, DType dtype, double lo, double hi, int... shape) {
        Tensor t = rand(rng, dtype, shape);
        int n = t.numel();
        for (int i = 0; i < n; i++) t.setFlat(i, lo + (hi - lo) * t.getFlat(i));
        return t;
    }

    /** 0, 1, ..., n-1 as a rank-1 tensor. */
    public static Tensor arange(DType dtype, int n) {
        if (n < 0) throw new IllegalArgumentException("arange: n must be >= 0, got " + n);
        Tensor t = zeros(dtype, n);
        for (int i = 0; i < n; i++) t.setFlat(i, i);
        return t;
    }

    /** The n-by-n identity. */
    public static Tensor eye(DType dtype, int n) {
        if (n < 0) throw new IllegalArgumentException("eye: n must be >= 0, got " + n);
        Tensor t = zeros(dtype, n, n);
        for (int i = 0; i < n; i++) t.setFlat(i * n + i, 1.0);
        return t;
    }

    // ---------------------------------------------------------------- accessors

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of one axis (negative axes count from the end). */
    public int size(int axis) {
        return shape[Shapes.axis("size", axis, shape.length)];
    }

    /** Rank (number of axes). */
    public int dim() {
        return shape.length;
    }

    /** Number of elements. */
    public int numel() {
        return d != null ? d.length : f.length;
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /**
     * How many times this tensor's data was changed in place ({@link #setFlat}, {@link #addInPlace}, optimizer steps,
     * checkpoint loads, ...). A graph records its inputs' versions, and backward refuses to run on an input whose
     * version changed since; caches of values derived from a tensor compare it to see whether they are stale.
     */
    public int version() {
        return version[0];
    }

    /**
     * Records an in-place change of the data; call it after writing into {@link #doubleData()} or
     * {@link #floatData()} directly, so graphs and caches that saved this tensor see the change.
     */
    public void bumpVersion() {
        version[0]++;
    }

    /** The backing array of a FLOAT64 tensor (row-major; shared, not copied). Modifying it bypasses autodiff. */
    public double[] doubleData() {
        if (d == null)
            throw new IllegalStateException(
                    "doubleData: tensor is " + dtype + "; use floatData() or to(DType.FLOAT64)");
        return d;
    }

    /** The backing array of a FLOAT32 tensor (row-major; shared, not copied). Modifying it bypasses autodiff. */
    public float[] floatData() {
        if (f == null)
            throw new IllegalStateException(
                    "floatData: tensor is " + dtype + "; use doubleData() or to(DType.FLOAT32)");
        return f;
    }

    /** All values as a new double array. */
    public double[] toDoubleArray() {
        if (d != null) return d.clone();
        double[] out = new double[f.length];
        for (int i = 0; i < out.length; i++) out[i] = f[i];
        return out;
    }

    /** All values as a new float array. */
    public float[] toFloatArray() {
        if (f != null) return f.clone();
        float[] out = new float[d.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) d[i];
        return out;
    }

    /** Value at flat (row-major) index. */
    public double getFlat(int i) {
        return d != null ? d[i] : f[i];
    }

    /** Sets the value at a flat index (bypasses autodiff; for initialisation and optimizers); bumps the version. */
    public void setFlat(int i, double v) {
        if (d != null) d[i] = v;
        else f[i] = (float) v;
        version[0]++;
    }

    /** Value at a multi-index. */
    public double get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException(
                    "get: index of rank " + index.length + " for tensor of shape " + Shapes.str(shape));
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException(
                        "get: index " + Arrays.toString(index) + " out of bounds for shape " + Shapes.str(shape));
            }
            flat = flat * shape[i] + index[i];
        }
        return getFlat(flat);
    }

    /** The single value of a one-element tensor. */
    public double item() {
        if (numel() != 1)
            throw new IllegalStateException(
                    "item: tensor of shape " + Shapes.str(shape) + " has " + numel() + " elements, not 1");
        return getFlat(0);
    }

    /** True when this tensor takes part in gradient computation. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf as needing a gradient; returns this. */
    public Tensor requiresGrad(boolean on) {
        if (backwardFn != null && !on) {
            throw new IllegalStateException(
                    "requiresGrad(false) on a non-leaf tensor (op " + opName + "); use detach()");
        }
        requiresGrad = on;
        return this;
    }

    /** The accumulated gradient of a leaf after {@link #backward()}, or null. */
    public Tensor grad() {
        return grad;
    }

    /** Sets (or clears, with null) the accumulated gradient. */
    public void setGrad(Tensor g) {
        if (g != null && (!Arrays.equals(g.shape, shape) || g.dtype != dtype)) {
            throw new IllegalArgumentException(
                    "setGrad: gradient " + g.describe() + " does not match tensor " + describe());
        }
        grad = g;
    }

    /** Clears the accumulated gradient. */
    public void zeroGrad() {
        grad = null;
    }

    /**
     * True when no recorded op produced this tensor (an input, a parameter, a detached copy); false for an op's
     * output, also after backward freed its graph.
     */
    public boolean isLeaf() {
        return backwardFn == null && !graphFreed;
    }

    /** The name of the op that produced this tensor, or null for a leaf. */
    public String opName() {
        return opName;
    }

    /** Inputs of the op that produced this tensor (empty for a leaf or a freed graph). */
    public Tensor[] inputs() {
        return parents == null ? new Tensor[0] : parents.clone();
    }

    // ---------------------------------------------------------------- autodiff

    /** Backpropagates from this scalar: seeds 1 and frees the graph. */
    public void backward() {
        Autograd.backward(this, null, false);
    }

    /** Backpropagates with an explicit upstream gradient of this tensor's shape; frees the graph. */
    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient, false);
    }

    /** Backpropagates; with {@code retainGraph} the graph is kept so backward can run again. */
    public void backward(Tensor gradient, boolean retainGraph) {
        Autograd.backward(this, gradient, retainGraph);
    }

    /** A tensor sharing this one's data but cut from the graph. */
    public Tensor detach() {
        return sameData(shape);
    }

    /** A deep copy of the data, not connected to the graph. */
    public Tensor copy() {
        return d != null ? new Tensor(d.clone(), shape) : new Tensor(f.clone(), shape);
    }

    /** Converts to {@code dtype} (differentiable; returns this when the dtype already matches). */
    public Tensor to(DType target) {
        return ElementwiseOps.cast(this, target);
    }

    /** Adds {@code other} into this tensor's data in place and bumps the version (no autodiff; for gradients). */
    public void addInPlace(Tensor other) {
        if (!Arrays.equals(other.shape, shape) || other.dtype != dtype) {
            throw new IllegalArgumentException("addInPlace: " + other.describe() + " into " + describe());
        }
        if (d != null) {
            double[] o = other.d;
            for (int i = 0; i < d.length; i++) d[i] += o[i];
        } else {
            float[] o = other.f;
            for (int i = 0; i < f.length; i++) f[i] += o[i];
        }
        version[0]++;
    }

    // ---------------------------------------------------------------- elementwise (see ElementwiseOps)

    /** Elementwise {@code this + o}, broadcasting. */
    public Tensor add(Tensor o) {
        return ElementwiseOps.add(this, o);
    }

    /** Elementwise {@code this - o}, broadcasting. */
    public Tensor sub(Tensor o) {
        return ElementwiseOps.sub(this, o);
    }

    /** Elementwise {@code this * o}, broadcasting. */
    public Tensor mul(Tensor o) {
        return ElementwiseOps.mul(this, o);
    }

    /** Elementwise {@code this / o}, broadcasting. */
    public Tensor div(Tensor o) {
        return ElementwiseOps.div(this, o);
    }

    /** Adds the constant {@code c} to every element. */
    public Tensor add(double c) {
        return ElementwiseOps.addScalar(this, c);
    }

    /** Subtracts the constant {@code c} from every element. */
    public Tensor sub(double c) {
        return ElementwiseOps.addScalar(this, -c);
    }

    /** Multiplies every element by the constant {@code c}. */
    public Tensor mul(double c) {
        return ElementwiseOps.mulScalar(this, c);
    }

    /** Divides every element by the constant {@code c}. */
    public Tensor div(double c) {
        return ElementwiseOps.mulScalar(this, 1.0 / c);
    }

    /** Elementwise {@code -x}. */
    public Tensor neg() {
        return ElementwiseOps.mulScalar(this, -1.0);
    }
    /** {@code this ^ p} for a scalar exponent. */
    public Tensor pow(double p) {
        return ElementwiseOps.pow(this, p);
    }

    /** Elementwise e<sup>x</sup>. */
    public Tensor exp() {
        return ElementwiseOps.exp(this);
    }

    /** Elementwise natural logarithm. */
    public Tensor log() {
        return ElementwiseOps.log(this);
    }

    /** Elementwise square root. */
    public Tensor sqrt() {
        return ElementwiseOps.sqrt(this);
    }
    /** Absolute value; the gradient at 0 is 0. */
    public Tensor abs() {
        return ElementwiseOps.abs(this);
    }

    /** Elementwise {@code x * x}. */
    public Tensor square() {
        return ElementwiseOps.square(this);
    }
    /** max(x, 0); the gradient at 0 is 0. */
    public Tensor relu() {
        return ElementwiseOps.relu(this);
    }

    /** Elementwise {@code x > 0 ? x : slope * x}. */
    public Tensor leakyRelu(double slope) {
        return ElementwiseOps.leakyRelu(this, slope);
    }

    /** Elementwise hyperbolic tangent. */
    public Tensor tanh() {
        return ElementwiseOps.tanh(this);
    }

    /** Elementwise logistic function {@code 1 / (1 + e^-x)}. */
    public Tensor sigmoid() {
        return ElementwiseOps.sigmoid(this);
    }
    /** log(1 + exp(x)), computed stably. */
    public Tensor softplus() {
        return ElementwiseOps.softplus(this);
    }
    /** Clamps into [min, max]; gradient 1 strictly inside, 0 outside. */
    public Tensor clamp(double min, double max) {
        return ElementwiseOps.clamp(this, min, max);
    }
    /** Elementwise maximum (broadcasting); at ties the gradient is split equally. */
    public Tensor maximum(Tensor o) {
        return ElementwiseOps.maximum(this, o);
    }
    /** Elementwise minimum (broadcasting); at ties the gradient is split equally. */
    public Tensor minimum(Tensor o) {
        return ElementwiseOps.minimum(this, o);
    }

    /** {@code mask != 0 ? a : b}, broadcasting all three; the mask gets no gradient. */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) {
        return ElementwiseOps.where(mask, a, b);
    }

    // ---------------------------------------------------------------- reductions (see ReductionOps)

    /** Sum of all elements (rank 0). */
    public Tensor sum() {
        return ReductionOps.sum(this, new int[0], false);
    }
    /** Sum over {@code axes} (all when empty). */
    public Tensor sum(int[] axes, boolean keepDim) {
        return ReductionOps.sum(this, axes, keepDim);
    }

    /** Sum over {@code axis}; {@code keepDim} keeps it as size 1. */
    public Tensor sum(int axis, boolean keepDim) {
        return ReductionOps.sum(this, new int[] {axis}, keepDim);
    }
    /** Mean of all elements (rank 0). */
    public Tensor mean() {
        return ReductionOps.mean(this, new int[0], false);
    }

    /** Mean over {@code axes}; {@code keepDim} keeps them as size 1. */
    public Tensor mean(int[] axes, boolean keepDim) {
        return ReductionOps.mean(this, axes, keepDim);
    }

    /** Mean over {@code axis}; {@code keepDim} keeps it as size 1. */
    public Tensor mean(int axis, boolean keepDim) {
        return ReductionOps.mean(this, new int[] {axis}, keepDim);
    }
    /** Maximum over all elements; the gradient goes to the first maximal element in row-major order. */
    public Tensor max() {
        return ReductionOps.max(this, new int[0], false);
    }
    /** Maximum over {@code axes}; at ties the whole gradient goes to the first maximal element in row-major order. */
    public Tensor max(int[] axes, boolean keepDim) {
        return ReductionOps.max(this, axes, keepDim);
    }

    /** Maximum over {@code axis}; the gradient goes to the first maximal element. */
    public Tensor max(int axis, boolean keepDim) {
        return ReductionOps.max(this, new int[] {axis}, keepDim);
    }
    /** Minimum over all elements; the gradient goes to the first minimal element in row-major order. */
    public Tensor min() {
        return ReductionOps.min(this, new int[0], false);
    }

    /** Minimum over {@code axes}; the gradient goes to the first minimal element. */
    public Tensor min(int[] axes, boolean keepDim) {
        return ReductionOps.min(this, axes, keepDim);
    }

    /** Minimum over {@code axis}; the gradient goes to the first minimal element. */
    public Tensor min(int axis, boolean keepDim) {
        return ReductionOps.min(this, new int[] {axis}, keepDim);
    }
    /** log(sum(exp(x))) over {@code axes}, stable (shifted by the detached maximum). */
    public Tensor logSumExp(int[] axes, boolean keepDim) {
        return ReductionOps.logSumExp(this, axes, keepDim);
    }

    /** {@code log(sum(exp(x)))} over all elements, computed without overflow. */
    public Tensor logSumExp() {
        return ReductionOps.logSumExp(this, new int[0], false);
    }

    // ---------------------------------------------------------------- shape ops (see ShapeOps)

    /** Same data, new shape; one dimension may be -1. Shares storage. */
    public Tensor reshape(int... newShape) {
        return ShapeOps.reshape(this, newShape);
    }
    /** Alias of {@link #reshape}. */
    public Tensor view(int... newShape) {
        return ShapeOps.reshape(this, newShape);
    }
    /** Reorders axes: output axis i is input axis {@code perm[i]}. */
    public Tensor permute(int... perm) {
        return ShapeOps.permute(this, perm);
    }
    /** Swaps two axes. */
    public Tensor transpose(int a, int b) {
        return ShapeOps.transpose(this, a, b);
    }
    /** Inserts a size-1 axis at {@code axis}. */
    public Tensor unsqueeze(int axis) {
        return ShapeOps.unsqueeze(this, axis);
    }
    /** Removes all size-1 axes. */
    public Tensor squeeze() {
        return ShapeOps.squeeze(this);
    }
    /** Removes one size-1 axis. */
    public Tensor squeeze(int axis) {
        return ShapeOps.squeeze(this, axis);
    }
    /** Broadcasts to {@code newShape} (materialised copy). */
    public Tensor expand(int... newShape) {
        return ShapeOps.expand(this, newShape);
    }
    /** Alias of {@link #expand}. */
    public Tensor broadcastTo(int... newShape) {
        return ShapeOps.expand(this, newShape);
    }
    /** Elements [start, start+length) along {@code axis}. */
    public Tensor narrow(int axis, int start, int length) {
        return ShapeOps.slice(this, axis, start, start + length, 1);
    }
    /** Elements start, start+step, ... below end along {@code axis}. */
    public Tensor slice(int axis, int start, int end, int step) {
        return ShapeOps.slice(this, axis, start, end, step);
    }
    /** Selects entries {@code index} along {@code axis} (repeats allowed; gradients of repeats add up). */
    public Tensor indexSelect(int axis, int... index) {
        return ShapeOps.indexSelect(this, axis, index);
    }
    /** {@code out[..i..] = this[..index[..i..]..]} along {@code axis}; {@code index} is integral, of this rank. */
    public Tensor gather(int axis, Tensor index) {
        return ShapeOps.gather(this, axis, index);
    }
    /** Tiles the tensor {@code reps[i]} times along each axis (like torch.Tensor.repeat). */
    public Tensor repeat(int... reps) {
        return ShapeOps.repeat(this, reps);
    }
    /** Joins tensors along an existing axis. */
    public static Tensor concat(int axis, Tensor... ts) {
        return ShapeOps.concat(axis, ts);
    }
    /** Joins tensors along a new axis. */
    public static Tensor stack(int axis, Tensor... ts) {
        return ShapeOps.stack(axis, ts);
    }

    // ---------------------------------------------------------------- linear algebra

    /** Matrix product of (..., n, k) and (..., k, m) with broadcasting over the batch axes. */
    public Tensor matmul(Tensor o) {
        return MatmulOp.matmul(this, o);
    }

    /**
     * Fused affine map {@code x @ weight^T + bias} over the last axis: x (..., in), weight (out, in) as in PyTorch,
     * bias (out) or null. One op in the graph, no transposed copy.
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return LinearOp.linear(x, weight, bias);
    }

    /**
     * {@code relu(linear(x, weight, bias))} as one fused op (one graph node, no intermediate tensor); values and
     * gradients equal the unfused pair's.
     */
    public static Tensor linearRelu(Tensor x, Tensor weight, Tensor bias) {
        return LinearOp.linearRelu(x, weight, bias);
    }

    /**
     * {@code linearRelu(x, weight, bias).max(1, false)} for x (B, N, in) as one op, PointNet's last layer and pooling:
     * the (B, N, out) activation is never stored, and backward updates only the winning rows. Same values (each row of
     * the kernels' products does not depend on how rows are blocked); gradients equal up to rounding.
     */
    public static Tensor linearReluMax(Tensor x, Tensor weight, Tensor bias) {
        return LinearReluMaxOp.apply(x, weight, bias);
    }

    // ---------------------------------------------------------------- misc

    String describe() {
        return Shapes.str(shape) + " " + dtype + (opName != null ? " from " + opName : "");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor")
                .append(Shapes.str(shape))
                .append(' ')
                .append(dtype);
        if (opName != null) sb.append(" grad_fn=").append(opName);
        else if (requiresGrad) sb.append(" requires_grad");
        sb.append(" [");
        int n = Math.min(numel(), 8);
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(", ");
            sb.append(String.format(Locale.ROOT, "%.6g", getFlat(i)));
        }
        if (numel() > n) sb.append(", ...");
        return sb.append(']').toString();
    }
}
