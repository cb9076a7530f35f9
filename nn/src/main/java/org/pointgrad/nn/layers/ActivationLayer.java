package org.pointgrad.nn.layers;

import org.pointgrad.nn.Layer;
import org.pointgrad.nn.init.LinearInit;

/** A parameter-free elementwise nonlinearity; it also says which initialisation suits the linear layer before it. */
public abstract class ActivationLayer extends Layer {
    /** The initialisation matched to this activation (Kaiming for the ReLU family, Xavier for saturating ones). */
    public abstract LinearInit matchedInit();
}
