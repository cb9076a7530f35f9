package org.pointgrad.autodiff;

import java.util.Arrays;

/** Shape ops: reshape, permute, squeeze/unsqueeze, expand, slicing, indexing, concatenation, tiling. */
final class ShapeOps {
    private ShapeOps() {}

    static Tensor reshape(Tensor x, int[] newShape) {
        int[] s = resolveShape(x, newShape);
        Tensor out = x.sameData(s);
        return Autograd.record("reshape", out, g -> new Tensor[] {g.reshape(x.shape)}, x);
    }

    private static int[] resolveShape(Tensor x, int[] newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0)
                    throw new IllegalArgumentException("reshape: more than one -1 in " + Shapes.str(newShape));
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("reshape: negative dimension in " + Shapes.str(newShape));
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.numel() % known != 0) {
                throw new IllegalArgumentException(
                        "reshape: cannot reshape " + Shapes.str(x.shape) + " to " + Shapes.str(newShape));
            }
            s[infer] = (int) (x.numel() / known);
        } else if (known != x.numel()) {
            throw new IllegalArgumentException("reshape: cannot reshape " + Shapes.str(x.shape) + " (" + x.numel()
                    + " elements) to " + Shapes.str(newShape) + " (" + known + " elements)");
        }
        return s;
    }

    static Tensor permute(Tensor x, int[] perm) {
        int r = x.dim();
        if (perm.length != r) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " has " + perm.length
                    + " axes for shape " + Shapes.str(x.shape));
        }
        int[] p = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            p[i] = Shapes.axis("permute", perm[i], r);
            if (seen[p[i]])
                throw new IllegalArgumentException(
                        "permute: axis " + perm[i] + " repeated in " + Arrays.toString(perm));
            seen[p[i]] = true;
        }
        int[] inv = new int[r];
        for (int i = 0; i < r; i++) inv[p[i]] = i;
        Tensor out = permuteRaw(x, p);
        return Autograd.record("permute", out, g -> new Tensor[] {g.permute(inv)}, x);
    }

    private static Tensor permuteRaw(Tensor x, int[] p) {
        int r = x.dim();
        int[] outShape = new int[r];
        int[] xs = Shapes.strides(x.shape);
        int[] st = new int[r];
        for (int i = 0; i < r; i++) {
            outShape[i] = x.shape[p[i]];
            st[i] = xs[p[i]];
        }
        return stridedCopy(x, outShape, st);
    }

    /**
     * A new contiguous tensor of {@code outShape} whose element at index i is x's element at offset sum(i_k * st[k]):
     * a permutation when the strides are permuted, a broadcast when broadcast axes have stride 0.
     */
    private static Tensor stridedCopy(Tensor x, int[] outShape, int[] st) {
        int r = outShape.length;
        Tensor out = Tensor.zeros(x.dtype, outShape);
        int n = out.numel();
        if (n == 0) return out;
        int inner = r == 0 ? 1 : outShape[r - 1];
        int is = r == 0 ? 0 : st[r - 1];
        int[] idx = new int[Math.max(r, 1)];
        int off = 0;
        for (int base = 0; base < n; base += inner) {
            if (x.d != null) {
                for (int j = 0; j < inner; j++) out.d[base + j] = x.d[off + j * is];
            } else {
                for (int j = 0; j < inner; j++) out.f[base + j] = x.f[off + j * is];
            }
            for (int ax = r - 2; ax >= 0; ax--) {
                idx[ax]++;
                off += st[ax];
                if (idx[ax] < outShape[ax]) break;
                off -= st[ax] * outShape[ax];
                idx[ax] = 0;
            }
        }
        return out;
    }

    static Tensor transpose(Tensor x, int a, int b) {
        int r = x.dim();
        int[] p = new int[r];
        for (int i = 0; i < r; i++) p[i] = i;
        int aa = Shapes.axis("transpose", a, r), bb = Shapes.axis("transpose", b, r);
        p[aa] = bb;
        p[bb] = aa;
        return permute(x, p);
    }

    static Tensor unsqueeze(Tensor x, int axis) {
        int a = Shapes.axis("unsqueeze", axis, x.dim() + 1);
        int[] s = new int[x.dim() + 1];
        for (int i = 0, j = 0; i < s.length; i++) s[i] = i == a ? 1 : x.shape[j++];
        return reshape(x, s);
    }

    static Tensor squeeze(Tensor x) {
        return reshape(x, Arrays.stream(x.shape).filter(v -> v != 1).toArray());
    }

    static Tensor squeeze(Tensor x, int axis) {
        int a = Shapes.axis("squeeze", axis, x.dim());
        if (x.shape[a] != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " of shape " + Shapes.str(x.shape)
                    + " has size " + x.shape[a] + ", not 1");
        }
        int[] s = new int[x.dim() - 1];
        for (int i = 0, j = 0; i < x.dim(); i++) if (i != a) s[j++] = x.shape[i];
        return reshape(x, s);
    }

    static Tensor expand(Tensor x, int[] shape) {
        Shapes.checkShape("expand", shape);
        int[] b = Shapes.broadcast("expand", x.shape, shape);
        if (!Arrays.equals(b, shape)) {
            throw new IllegalArgumentException(
                    "expand: shape " + Shapes.str(x.shape) + " cannot be expanded to " + Shapes.str(shape));
        }
        // A fresh tensor even when nothing is broadcast: record() must never turn its input into a node.
        Tensor out = Arrays.equals(x.shape, shape) ? x.detach() : expandRaw(x, shape);
        // The engine sums the gradient back to x's shape.
        return Autograd.record("expand", out, g -> new Tensor[] {g}, x);
    }

    /** Materialised broadcast of {@code x} to {@code shape}; no graph. */
    static Tensor expandRaw(Tensor x, int[] shape) {
        if (Arrays.equals(x.shape, shape)) return x;
        return stridedCopy(x, shape.clone(), Shapes.broadcastStrides(x.shape, shape));
    }

    static Tensor slice(Tensor x, int axis, int start, int end, int step) {
        int a = Shapes.axis("slice", axis, x.dim());
        int size = x.shape[a];
        if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
        if (start < 0 || start > size || end < start || end > size) {
            throw new IllegalArgumentException("slice: range [" + start + ", " + end + ") out of bounds for axis "
                    + axis + " of size " + size + " (shape " + Shapes.str(x.shape) + ")");
        }
        int len = (end - start + step - 1) / step;
        int[] index = new int[len];
        for (int i = 0; i < len; i++) index[i] = start + i * step;
        Tensor out = selectRaw(x, a, index);
        return Autograd.record("slice", out, g -> new Tensor[] {scatterAddRaw(g, x.shape, a, index)}, x);
    }

    static Tensor indexSelect(Tensor x, int axis, int[] index) {
        int a = Shapes.axis("indexSelect", axis, x.dim());
        for (int i : index) {
            if (i < 0 || i >= x.shape[a]) {
                throw new IndexOutOfBoundsException("indexSelect: index " + i + " out of bounds for axis " + axis
                        + " of shape " + Shapes.str(x.shape));
            }
        }
        int[] idx = index.clone();
        Tensor out = selectRaw(x, a, idx);
        return Autograd.record("index_select", out, g -> new Tensor[] {scatterAddRaw(g, x.shape, a, idx)}, x);
    }

    private static Tensor selectRaw(Tensor x, int a, int[] index) {
        return selectRaw(x, x.shape, a, index);
    }

    /** {@code x}'s data read as {@code layout} (same element count), the given entries of axis {@code a} kept. */
    static Tensor selectRaw(Tensor x, int[] layout, int a, int[] index) {
        int outer = 1, inner = 1;
        for (int i = 0; i < a; i++) outer *= layout[i];
        for (int i = a + 1; i < layout.length; i++) inner *= layout[i];
        int[] s = layout.clone();
        s[a] = index.length;
        Tensor out = Tensor.zeros(x.dtype, s);
        int size = layout[a];
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < index.length; k++) {
                int src = (o * size + index[k]) * inner, dst = (o * index.length + k) * inner;
                if (x.d != null) System.arraycopy(x.d, src, out.d, dst, inner);
                else System.arraycopy(x.f, src, out.f, dst, inner);
            }
        }
        return out;
    }

    /** A zero tensor of {@code shape} with slice k of {@code g} along axis {@code a} added at entry index[k]. */
    static Tensor scatterAddRaw(Tensor g, int[] shape, int a, int[] index) {
        int outer = 1, inner = 1;
        for (int i = 0; i < a; i++) outer *= shape[i];
        for (int i = a + 1; i < shape.length; i++) inner *= shape[i];
        Tensor gx = Tensor.zeros(g.dtype, shape);
        int size = shape[a];
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < index.length; k++) {
                int dst = (o * size + index[k]) * inner, src = (o * index.length + k) * inner;
                if (g.d != null) {
                    for (int j = 0; j < inner; j++) gx.d[dst + j] += g.d[src + j];
                } else {
                    for (int j = 0; j < inner; j++) gx.f[dst + j] += g.f[src + j];
                }
            }
        }
        return gx;
    }

    static Tensor gather(Tensor x, int axis, Tensor index) {
        int r = x.dim();
        int a = Shapes.axis("gather", axis, r);
        if (index.dim() != r) {
            throw new IllegalArgumentException("gather: index shape " + Shapes.str(index.shape)
                    + " must have the rank of input shape " + Shapes.str(x.shape));
        }
        for (int i = 0; i < r; i++) {
            if (i != a && index.shape[i] > x.shape[i]) {
                throw new IllegalArgumentException("gather: index shape " + Shapes.str(index.shape)
                        + " exceeds input shape " + Shapes.str(x.shape) + " at axis " + i);
            }
        }
        int n = index.numel();
        int[] src = new int[n];
        int[] xs = Shapes.strides(x.shape);
        int[] is = Shapes.strides(index.shape);
        for (int i = 0; i < n; i++) {
            double v = index.getFlat(i);
            int iv = (int) v;
            if (iv != v || iv < 0 || iv >= x.shape[a]) {
                throw new IndexOutOfBoundsException("gather: index value " + v + " at flat position " + i
                        + " is not an integer in [0, " + x.shape[a] + ") for axis " + axis);
            }
            int rem = i, off = 0;
            for (int d = 0; d < r; d++) {
                int c = rem / is[d];
                rem -= c * is[d];
                off += (d == a ? iv : c) * xs[d];
            }
            src[i] = off;
        }
        Tensor out = Tensor.zeros(x.dtype, index.shape);
        for (int i = 0; i < n; i++) out.setFlat(i, x.getFlat(src[i]));
        return Autograd.record(
                "gather",
                out,
                g -> {
                    Tensor gx = Tensor.zerosLike(x);
                    for (int i = 0; i < n; i++) gx.setFlat(src[i], gx.getFlat(src[i]) + g.getFlat(i));
                    return new Tensor[] {gx, null};
                },
                x,
                index);
    }

    static Tensor repeat(Tensor x, int[] reps) {
        if (reps.length < x.dim()) {
            throw new IllegalArgumentException(
                    "repeat: " + reps.length + " repetition counts for a rank-" + x.dim() + " tensor");
        }
        int r = reps.length;
        int lead = r - x.dim();
        int[] inter = new int[2 * r], expanded = new int[2 * r], result = new int[r];
        for (int i = 0; i < r; i++) {
            if (reps[i] < 0) throw new IllegalArgumentException("repeat: negative count " + reps[i]);
            int s = i < lead ? 1 : x.shape[i - lead];
            inter[2 * i] = 1;
            inter[2 * i + 1] = s;
            expanded[2 * i] = reps[i];
            expanded[2 * i + 1] = s;
            result[i] = reps[i] * s;
        }
        // Tiling is a broadcast of an interleaved view, so its gradient comes from expand's un-broadcasting.
        return x.reshape(inter).expand(expanded).reshape(result);
    }

    static Tensor concat(int axis, Tensor... ts) {
        if (ts.length == 0) throw new IllegalArgumentException("concat: no tensors given");
        Tensor first = ts[0];
        int r = first.dim();
        if (r == 0) throw new IllegalArgumentException("concat: cannot concatenate rank-0 tensors; use stack");
        int a = Shapes.axis("concat", axis, r);
        int total = 0;
        int[] offsets = new int[ts.length];
        for (int t = 0; t < ts.length; t++) {
            Tensor x = ts[t];
            ElementwiseOps.checkDType("concat", first, x);
            if (x.dim() != r)
                throw new IllegalArgumentException("concat: tensor " + t + " has shape " + Shapes.str(x.shape)
                        + ", rank differs from " + Shapes.str(first.shape));
            for (int i = 0; i < r; i++) {
                if (i != a && x.shape[i] != first.shape[i]) {
                    throw new IllegalArgumentException("concat: tensor " + t + " has shape " + Shapes.str(x.shape)
                            + ", which differs from " + Shapes.str(first.shape) + " outside axis " + axis);
                }
            }
            offsets[t] = total;
            total += x.shape[a];
        }
        int[] s = first.shape.clone();
        s[a] = total;
        Tensor out = Tensor.zeros(first.dtype, s);
        int outer = 1, inner = 1;
        for (int i = 0; i < a; i++) outer *= s[i];
        for (int i = a + 1; i < r; i++) inner *= s[i];
        for (int t = 0; t < ts.length; t++) {
            Tensor x = ts[t];
            int rows = x.shape[a] * inner;
            for (int o = 0; o < outer; o++) {
                int src = o * rows, dst = (o * total + offsets[t]) * inner;
                if (x.d != null) System.arraycopy(x.d, src, out.d, dst, rows);
                else System.arraycopy(x.f, src, out.f, dst, rows);
            }
        }
        Tensor[] inputs = ts.clone();
        return Autograd.record(
                "concat",
                out,
                g -> {
                    Tensor[] gs = new Tensor[inputs.length];
                    for (int t = 0; t < inputs.length; t++) {
                        if (inputs[t].requiresGrad) gs[t] = g.narrow(a, offsets[t], inputs[t].shape[a]);
                    }
                    return gs;
                },
                inputs);
    }

    static Tensor stack(int axis, Tensor... ts) {
        if (ts.length == 0) throw new IllegalArgumentException("stack: no tensors given");
        int a = Shapes.axis("stack", axis, ts[0].dim() + 1);
        Tensor[] u = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) {
            if (!Arrays.equals(ts[i].shape, ts[0].shape)) {
                throw new IllegalArgumentException("stack: tensor " + i + " has shape " + Shapes.str(ts[i].shape)
                        + ", expected " + Shapes.str(ts[0].shape));
            }
            u[i] = ts[i].unsqueeze(a);
        }
        return concat(a, u);
    }
}
