package org.pointgrad.vae.model;

import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Module;

/** The VAE's encoder: point clouds (B, N, 3) to the posterior's mu and logvar, each (B, Z). */
public abstract class LatentEncoder extends Module {
    /** Encodes clouds (B, N, 3) to mu and logvar (B, Z). */
    public abstract VaeEncoder.Encoding forward(Tensor points);
}
