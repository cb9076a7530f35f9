package org.pointgrad.nn.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Layer;

/**
 * Layers applied in order, registered as children "0", "1", ... like PyTorch's nn.Sequential, so parameter names
 * read {@code 0.weight}, {@code 2.bias}, ...
 */
public class Sequential extends Layer {
    private final List<Layer> layers = new ArrayList<>();

    /** A sequence of the given layers. */
    public Sequential(Layer... layers) {
        for (Layer l : layers) add(l);
    }

    /** A sequence of the given layers. */
    public Sequential(List<? extends Layer> layers) {
        for (Layer l : layers) add(l);
    }

    /** Appends a layer under the next index name; returns this. */
    public Sequential add(Layer layer) {
        Objects.requireNonNull(layer, "layer");
        registerModule(Integer.toString(layers.size()), layer);
        layers.add(layer);
        return this;
    }

    /** Appends the layers in order; returns this. */
    public Sequential addAll(List<? extends Layer> more) {
        for (Layer l : more) add(l);
        return this;
    }

    /** The layer at {@code index}. */
    public Layer get(int index) {
        return layers.get(index);
    }

    /** Number of layers. */
    public int size() {
        return layers.size();
    }

    /** The layers in order (read-only). */
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    @Override
    public Tensor forward(Tensor x) {
        return forwardFrom(0, x);
    }

    /**
     * Applies the layers from index {@code first} on. A Linear directly followed by a ReLU runs as one fused op
     * ({@link Linear#forwardRelu}): same values and gradients, one pass less over the activations.
     */
    public Tensor forwardFrom(int first, Tensor x) {
        if (first < 0 || first > layers.size()) {
            throw new IndexOutOfBoundsException(
                    "Sequential.forwardFrom: first layer " + first + " outside [0, " + layers.size() + "]");
        }
        return forwardFused(layers, first, x);
    }

    /** Runs {@code layers[first..]} on {@code x}, fusing each Linear-ReLU pair; shared with other layer containers. */
    public static Tensor forwardFused(List<? extends Layer> layers, int first, Tensor x) {
        Tensor y = x;
        int n = layers.size();
        for (int i = first; i < n; i++) {
            Layer l = layers.get(i);
            if (l instanceof Linear lin && i + 1 < n && layers.get(i + 1) instanceof ReLU) {
                y = lin.forwardRelu(y);
                i++;
            } else {
                y = l.forward(y);
            }
        }
        return y;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(');
        for (int i = 0; i < layers.size(); i++) sb.append(i > 0 ? ", " : "").append(layers.get(i));
        return sb.append(')').toString();
    }
}
