package org.pointgrad.vae.model;

import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Module;

/** The VAE's decoder: latent codes (B, Z) to points (B, K * perPatch, 3) on K patches of a template surface. */
public abstract class PointDecoder extends Module {
    private final int patches;

    /** A decoder drawing its points from {@code patches} template patches. */
    protected PointDecoder(int patches) {
        this.patches = patches;
    }

    /**
     * Decodes z (B, Z) into (B, K * perPatch, 3). With an {@code rng} (always in training) each shape gets fresh
     * uniform template points, so the output is a uniform sample of the surface like the data; with null all shapes
     * share a fixed regular template (the usual eval-mode picture).
     */
    public abstract Tensor forward(Tensor z, int perPatch, RandomGenerator rng);

    /** Points per patch for a total point count (rounded up so at least {@code total} points are produced). */
    public int perPatch(int total) {
        return Math.max(1, (total + patches - 1) / patches);
    }
}
