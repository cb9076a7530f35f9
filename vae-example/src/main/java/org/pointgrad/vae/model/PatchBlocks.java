package org.pointgrad.vae.model;

import java.util.List;
import org.pointgrad.autodiff.Tensor;

/**
 * {@link PatchDecoding}'s block-wise work for one element type, chosen once per plan: {@code PatchBlocksFloat} or
 * {@code PatchBlocksDouble}, rendered from {@code PatchBlocks.java.tmpl}.
 */
interface PatchBlocks {
    /**
     * Decodes {@code b} shapes, given each patch's latent rows (B, H) and template (B or 1, P, t), into
     * {@code result} (B, K * P, 3).
     */
    void decode(int b, List<Tensor> templates, Tensor[] latent, Tensor result);

    /** True when the blocks run in the kernel's panel layout. */
    boolean usesPanels();
}
