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
     * Applies the layers from index {@code first} on. A layer followed by one it absorbs (a Linear and its ReLU) runs
     * as one fused op ({@link Fusion}): same values and gradients, one pass less over the activations.
     */
    public Tensor forwardFrom(int first, Tensor x) {
        if (first < 0 || first > layers.size()) {
            throw new IndexOutOfBoundsException(
                    "Sequential.forwardFrom: first layer " + first + " outside [0, " + layers.size() + "]");
        }
        return Fusion.forward(layers, first, x);
    }

    /** Runs {@code layers[first..]} on {@code x} with the fusions the layers declare: {@link Fusion#forward}. */
    public static Tensor forwardFused(List<? extends Layer> layers, int first, Tensor x) {
        return Fusion.forward(layers, first, x);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(');
        for (int i = 0; i < layers.size(); i++) sb.append(i > 0 ? ", " : "").append(layers.get(i));
        return sb.append(')').toString();
    }
}
