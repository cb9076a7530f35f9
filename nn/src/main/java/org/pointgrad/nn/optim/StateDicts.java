package org.pointgrad.nn.optim;

import java.util.Arrays;
import java.util.Map;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;

/** Checks and copies shared by the optimizers' stateDict/loadStateDict. */
final class StateDicts {
    private StateDicts() {}

    /** A FLOAT64 scalar holding an integer count (exact up to 2^53). */
    static Tensor count(long n) {
        return Tensor.scalar(DType.FLOAT64, n);
    }

    /** Reads a required scalar entry. */
    static double scalar(String owner, Map<String, Tensor> state, String key) {
        Tensor t = state.get(key);
        if (t == null) throw new IllegalArgumentException(owner + ".loadStateDict: missing entry '" + key + "'");
        if (t.numel() != 1) {
            throw new IllegalArgumentException(owner + ".loadStateDict: entry '" + key
                    + "' must be a scalar, got shape " + Arrays.toString(t.shape()));
        }
        return t.item();
    }

    /** Reads a non-negative integer count entry. */
    static long countEntry(String owner, Map<String, Tensor> state, String key) {
        double v = scalar(owner, state, key);
        if (!(v >= 0) || v != Math.rint(v)) {
            throw new IllegalArgumentException(
                    owner + ".loadStateDict: entry '" + key + "' must be a non-negative integer, got " + v);
        }
        return (long) v;
    }

    /** A copy of a saved per-parameter tensor after checking it has the parameter's shape and dtype. */
    static Tensor like(String owner, String key, Tensor saved, Tensor param) {
        if (!Arrays.equals(saved.shape(), param.shape())) {
            throw new IllegalArgumentException(
                    owner + ".loadStateDict: entry '" + key + "' has shape " + Arrays.toString(saved.shape())
                            + " but the parameter has shape " + Arrays.toString(param.shape()));
        }
        if (saved.dtype() != param.dtype()) {
            throw new IllegalArgumentException(owner + ".loadStateDict: entry '" + key + "' is " + saved.dtype()
                    + " but the parameter is " + param.dtype());
        }
        return saved.copy();
    }

    /** The parameter a {@code prefix.<name>} key refers to, or an error naming the key. */
    static Tensor paramFor(String owner, String key, String prefix, Map<String, Tensor> params) {
        String name = key.substring(prefix.length());
        Tensor p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException(owner + ".loadStateDict: entry '" + key + "' names parameter '" + name
                    + "', which this optimizer does not hold");
        }
        return p;
    }
}
