package org.pointgrad.nn.layers;

import java.util.List;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Layer;

/**
 * Where the graph path decides which consecutive layers run as one fused op. Layers declare what they absorb
 * ({@link Layer#absorbs}: a {@link Linear} absorbs a following {@link ReLU}); containers ask this class, which fuses
 * every such pair except in anomaly mode. There every layer runs on its own, so the op that produces a non-finite
 * value is the one named, and no fused op hides it (a ReLU maps -inf to 0; a max pool drops non-winning rows).
 */
public final class Fusion {
    private Fusion() {}

    /** Whether containers fuse the pairs their layers declare now: always, except in anomaly mode. */
    public static boolean enabled() {
        return !Autograd.isAnomalyMode();
    }

    /** Runs {@code layers[first..]} on {@code x} in order, each pair whose first layer absorbs the second as one op. */
    public static Tensor forward(List<? extends Layer> layers, int first, Tensor x) {
        boolean fuse = enabled();
        int n = layers.size();
        Tensor y = x;
        for (int i = first; i < n; i++) {
            Layer l = layers.get(i);
            if (fuse && i + 1 < n && l.absorbs(layers.get(i + 1))) {
                y = l.forwardThen(layers.get(i + 1), y);
                i++;
            } else {
                y = l.forward(y);
            }
        }
        return y;
    }

    /**
     * {@code forward(layers, 0, x).max(1, false)} for a (B, N, C) input: when the last two layers fuse, they and the
     * pooling run as one op ({@link Layer#forwardThenMaxPool}), which never stores the last activation.
     */
    public static Tensor forwardMaxPool(List<? extends Layer> layers, Tensor x) {
        int n = layers.size();
        if (enabled() && n >= 2 && x.size(1) > 0 && layers.get(n - 2).absorbs(layers.get(n - 1))) {
            Tensor h = forward(layers.subList(0, n - 2), 0, x);
            return layers.get(n - 2).forwardThenMaxPool(layers.get(n - 1), h);
        }
        return forward(layers, 0, x).max(1, false);
    }
}
