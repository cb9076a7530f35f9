package org.pointgrad.autodiff;

import java.security.CodeSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reverse-mode engine: records ops into a graph, walks it backward in topological order (iteratively, so
 * deep graphs do not overflow the stack), sums each gradient to its input's shape (the single un-broadcasting
 * step), and accumulates into leaves. Also holds the per-thread no-grad switch and the global anomaly mode.
 */
public final class Autograd {
    private static final ThreadLocal<int[]> NO_GRAD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    // Inside backward the engine checks each input gradient itself, naming the op whose rule produced it.
    private static final ThreadLocal<boolean[]> IN_BACKWARD = ThreadLocal.withInitial(() -> new boolean[1]);
    // The running backward's pool of finished gradients (null outside backward).
    private static final ThreadLocal<GradientPool> POOL = new ThreadLocal<>();
    // Off only in tests, to compare gradients on recycled storage with those on fresh buffers.
    static volatile boolean poolGradients = true;
    private static volatile boolean anomaly = Boolean.getBoolean("pointgrad.anomaly");

    /** Packages of the library's own code: their frames are skipped when naming where user code called an op. */
    private static final List<String> LIBRARY_PACKAGES =
            List.of("org.pointgrad.autodiff.", "org.pointgrad.nn.", "org.pointgrad.pointcloud.");

    private Autograd() {}

    /** True when ops on this thread record a graph. */
    public static boolean isGradEnabled() {
        return NO_GRAD_DEPTH.get()[0] == 0;
    }

    /** A scope in which no graph is recorded: {@code try (var s = Autograd.noGrad()) { ... }}. Scopes nest. */
    public static Scope noGrad() {
        int[] d = NO_GRAD_DEPTH.get();
        d[0]++;
        return new Scope(d);
    }

    /** A closeable no-grad scope; closing it twice has no further effect. */
    public static final class Scope implements AutoCloseable {
        private final int[] depth;
        private boolean closed;

        private Scope(int[] depth) {
            this.depth = depth;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                depth[0]--;
            }
        }
    }

    /** Turns anomaly mode on or off (off by default; {@code -Dpointgrad.anomaly=true} turns it on at start). */
    public static void setAnomalyMode(boolean on) {
        anomaly = on;
    }

    /** True when every op output and every gradient is checked for NaN and infinity. */
    public static boolean isAnomalyMode() {
        return anomaly;
    }

    /**
     * Attaches an op to the graph: when recording is on and any input requires a gradient, {@code output} becomes a
     * graph node with {@code backward} as its rule. Every op, built-in or user-defined (Chamfer, reparameterization),
     * goes through here. Returns {@code output}.
     */
    public static Tensor record(String opName, Tensor output, BackwardFn backward, Tensor... inputs) {
        if (anomaly && !IN_BACKWARD.get()[0]) {
            String bad = firstNonFinite(output);
            if (bad != null) {
                throw new AnomalyException(
                        opName + " produced " + bad + " in forward, at " + userSite(new Throwable().getStackTrace()));
            }
        }
        if (!isGradEnabled()) return output;
        boolean needs = false;
        for (Tensor in : inputs) {
            if (in != null && in.requiresGrad) {
                needs = true;
                break;
            }
        }
        if (!needs) return output;
        for (Tensor in : inputs) {
            if (in == output)
                throw new IllegalStateException(opName + ": an op must return a new tensor, not one of its inputs");
        }
        output.requiresGrad = true;
        output.parents = inputs.clone();
        int[] versions = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) versions[i] = inputs[i] == null ? 0 : inputs[i].version();
        output.parentVersions = versions;
        output.backwardFn = backward;
        output.opName = opName;
        if (anomaly) output.creationSite = new Throwable().getStackTrace();
        return output;
    }

    /** Runs backward from {@code root}; see {@link Tensor#backward(Tensor, boolean)}. */
    static void backward(Tensor root, Tensor seed, boolean retainGraph) {
        if (!root.requiresGrad) {
            throw new IllegalStateException(
                    "backward: tensor " + root.describe() + " does not require grad and has no graph");
        }
        if (root.graphFreed) {
            throw new IllegalStateException("backward: the graph of " + root.describe()
                    + " was already freed by an earlier backward(); call backward(retainGraph=true)"
                    + " the first time to run it twice");
        }
        if (seed == null) {
            if (root.numel() != 1) {
                throw new IllegalArgumentException("backward: output " + root.describe()
                        + " is not a scalar; pass an explicit upstream gradient of the same shape");
            }
            seed = Tensor.full(root.dtype(), 1.0, root.shape());
        } else {
            if (!Arrays.equals(seed.shape(), root.shape())) {
                throw new IllegalArgumentException("backward: upstream gradient shape " + Shapes.str(seed.shape())
                        + " differs from output shape " + Shapes.str(root.shape()));
            }
            if (seed.dtype() != root.dtype()) {
                throw new IllegalArgumentException("backward: upstream gradient dtype " + seed.dtype()
                        + " differs from output dtype " + root.dtype());
            }
        }
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, seed);
        boolean[] inBackward = IN_BACKWARD.get();
        boolean wasInBackward = inBackward[0];
        inBackward[0] = true;
        GradientPool pool = new GradientPool(), outerPool = POOL.get();
        POOL.set(pool);
        try (Scope s = noGrad()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor node = order.get(i);
                Tensor g = grads.remove(node);
                if (g == null) continue;
                if (node.backwardFn == null) {
                    if (node.graphFreed) {
                        throw new IllegalStateException("backward: part of the graph (op " + node.opName
                                + ") was already freed by an earlier backward(); use retainGraph=true");
                    }
                    accumulateLeaf(node, g, pool);
                    continue;
                }
                checkUnmodified(node);
                Tensor[] pg = node.backwardFn.apply(g);
                Tensor[] parents = node.parents;
                if (pg.length != parents.length) {
                    throw new IllegalStateException("backward of " + node.opName + " returned " + pg.length
                            + " gradients for " + parents.length + " inputs");
                }
                // A gradient given to two inputs (or one sharing storage with another) is no longer one owner's.
                for (int p = 0; p < pg.length; p++) {
                    if (pg[p] != null && pg[p].pooled && sharesStorage(pg[p], pg, p)) pg[p].pooled = false;
                }
                for (int p = 0; p < parents.length; p++) {
                    Tensor parent = parents[p];
                    if (parent == null || !parent.requiresGrad || pg[p] == null) continue;
                    Tensor gp = sumToShape(pg[p], parent.shape(), node.opName);
                    if (gp.dtype() != parent.dtype()) {
                        throw new IllegalStateException("backward of " + node.opName + " produced a " + gp.dtype()
                                + " gradient for a " + parent.dtype() + " input");
                    }
                    if (anomaly) {
                        String bad = firstNonFinite(gp);
                        if (bad != null) {
                            throw new AnomalyException("backward of " + node.opName + " produced " + bad
                                    + " in the gradient of input " + p + "; the op was created at "
                                    + (node.creationSite == null
                                            ? "(unknown: anomaly mode was off then)"
                                            : userSite(node.creationSite)));
                        }
                    }
                    Tensor prev = grads.get(parent);
                    if (prev == null) {
                        grads.put(parent, gp);
                    } else if (prev.pooled && !sameStorage(prev, gp)) {
                        prev.addInPlace(gp);
                    } else {
                        grads.put(parent, prev.add(gp));
                    }
                }
                // The rule is done with g: unless a gradient it returned shares g's storage, nothing refers to it.
                if (g.pooled && !sharesStorage(g, pg, -1)) pool.give(g);
                if (!retainGraph) {
                    node.backwardFn = null;
                    node.parents = null;
                    node.parentVersions = null;
                    node.graphFreed = true;
                }
            }
        } finally {
            inBackward[0] = wasInBackward;
            POOL.set(outerPool);
        }
    }

    /**
     * Inside a backward rule: a tensor for a gradient the rule then writes entirely. It may reuse the storage of a
     * gradient the engine has finished with in the same backward, so its values are unspecified until written;
     * outside backward it is {@link Tensor#zeros}. For rules whose results are large (a layer's input gradient), so
     * a backward does not allocate and zero-fill a new buffer per layer.
     */
    public static Tensor gradientBuffer(DType dtype, int... shape) {
        GradientPool pool = POOL.get();
        if (pool == null || !poolGradients) return Tensor.zeros(dtype, shape);
        Shapes.checkShape("gradientBuffer", shape);
        return pool.take(dtype, shape);
    }

    private static boolean sameStorage(Tensor a, Tensor b) {
        return a.d != null ? a.d == b.d : a.f == b.f;
    }

    /** True when some {@code ts[i]} ({@code i != skip}) is, or shares storage with, {@code t}. */
    private static boolean sharesStorage(Tensor t, Tensor[] ts, int skip) {
        for (int i = 0; i < ts.length; i++) {
            if (i != skip && ts[i] != null && sameStorage(t, ts[i])) return true;
        }
        return false;
    }

    /**
     * Backward rules read their inputs' values as they were at the forward; an input changed in place since (an
     * optimizer step between forward and backward, a weight edited by hand) would give silently wrong gradients.
     */
    private static void checkUnmodified(Tensor node) {
        Tensor[] parents = node.parents;
        int[] saved = node.parentVersions;
        if (saved == null) return;
        for (int p = 0; p < parents.length; p++) {
            Tensor in = parents[p];
            if (in != null && in.version() != saved[p]) {
                throw new IllegalStateException("backward: input " + p + " (" + in.describe() + ") of op "
                        + node.opName + " was modified in place after the forward (version " + saved[p] + " -> "
                        + in.version() + ")"
                        + (node.creationSite == null ? "" : "; the op was created at " + userSite(node.creationSite)));
            }
        }
    }

    private static void accumulateLeaf(Tensor leaf, Tensor g, GradientPool pool) {
        if (leaf.grad == null && g.pooled) {
            // Nothing else refers to g: it becomes the leaf's gradient and leaves the pool for good.
            g.pooled = false;
            leaf.grad = g;
        } else if (leaf.grad == null) {
            leaf.grad = g.copy();
        } else {
            leaf.grad.addInPlace(g);
            if (g.pooled) pool.give(g);
        }
    }

    /** Reverse of a post-order DFS from the root, computed with an explicit stack. */
    static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Tensor> nodes = new ArrayDeque<>();
        ArrayDeque<int[]> next = new ArrayDeque<>();
        nodes.push(root);
        next.push(new int[] {0});
        visited.put(root, Boolean.TRUE);
        while (!nodes.isEmpty()) {
            Tensor n = nodes.peek();
            int[] idx = next.peek();
            Tensor[] ps = n.parents;
            if (ps != null && idx[0] < ps.length) {
                Tensor p = ps[idx[0]++];
                if (p != null && p.requiresGrad && visited.put(p, Boolean.TRUE) == null) {
                    nodes.push(p);
                    next.push(new int[] {0});
                }
            } else {
                nodes.pop();
                next.pop();
                order.add(n);
            }
        }
        return order;
    }

    /**
     * Sums a gradient over broadcast dimensions so that it has {@code shape}: the engine's one un-broadcasting step.
     */
    public static Tensor sumToShape(Tensor g, int[] shape, String opName) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) return g;
        if (gs.length < shape.length) {
            throw new IllegalStateException("backward of " + opName + ": gradient shape " + Shapes.str(gs)
                    + " has lower rank than input shape " + Shapes.str(shape));
        }
        int lead = gs.length - shape.length;
        int[] axes = new int[gs.length];
        int na = 0;
        for (int i = 0; i < gs.length; i++) {
            if (i < lead) {
                axes[na++] = i;
            } else if (shape[i - lead] == 1 && gs[i] != 1) {
                axes[na++] = i;
            } else if (shape[i - lead] != gs[i]) {
                throw new IllegalStateException("backward of " + opName + ": gradient shape " + Shapes.str(gs)
                        + " does not broadcast to input shape " + Shapes.str(shape));
            }
        }
        Tensor s = na == 0 ? g : g.sum(Arrays.copyOf(axes, na), true);
        return s.reshape(shape);
    }

    static String firstNonFinite(Tensor t) {
        int n = t.numel();
        if (t.dtype() == DType.FLOAT64) {
            double[] d = t.doubleData();
            for (int i = 0; i < n; i++) if (!Double.isFinite(d[i])) return describeBad(d[i], i, t);
        } else {
            float[] f = t.floatData();
            for (int i = 0; i < n; i++) if (!Float.isFinite(f[i])) return describeBad(f[i], i, t);
        }
        return null;
    }

    private static String describeBad(double v, int flat, Tensor t) {
        return (Double.isNaN(v) ? "NaN" : (v > 0 ? "+Infinity" : "-Infinity")) + " at flat index " + flat + " of a "
                + Shapes.str(t.shape()) + " " + t.dtype() + " tensor";
    }

    /**
     * The first stack frame outside the JDK and the library's packages, i.e. where user code called the op. The
     * library's own tests share its packages; classes loaded from a {@code test-classes} directory count as user code.
     */
    static String userSite(StackTraceElement[] trace) {
        for (StackTraceElement e : trace) {
            if (!isLibraryFrame(e.getClassName())) return e.toString();
        }
        return trace.length > 0 ? trace[trace.length - 1].toString() : "(unknown)";
    }

    private static boolean isLibraryFrame(String className) {
        if (className.startsWith("java.") || className.startsWith("jdk.")) return true;
        if (LIBRARY_PACKAGES.stream().noneMatch(className::startsWith)) return false;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> c = Class.forName(className, false, loader != null ? loader : Autograd.class.getClassLoader());
            CodeSource src = c.getProtectionDomain().getCodeSource();
            return src == null
                    || src.getLocation() == null
                    || !src.getLocation().getPath().endsWith("/test-classes/");
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return true;
        }
    }
}
