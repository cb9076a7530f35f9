package org.pointgrad.vae.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.MatmulKernel;
import org.pointgrad.nn.inference.DenseStage;
import org.pointgrad.nn.inference.InferencePlan;
import org.pointgrad.nn.inference.InferencePlanner;
import org.pointgrad.nn.inference.PointMlp;
import org.pointgrad.nn.inference.PointMlpFloat;

/**
 * AtlasNet decoding without a graph, compiled once per decoder state ({@link InferencePlanner}). Each patch's first
 * layer is {@code relu(template @ wt^T + latent(z))}, with the latent row computed once per shape, followed by dense
 * stages to 3-D points and an optional tanh.
 * <p>
 * Block-wise ({@link Mode#BLOCKS}), each (shape, patch) pair runs through the whole patch MLP in blocks of at most
 * {@value Kernels#BLOCK_ROWS} template points, whose activations stay in the core's cache, and the points are written
 * straight into the output. Unfused, every hidden layer of every patch writes a (B, P, H) tensor to memory and reads
 * it back, and the patches are concatenated at the end. Values equal those of the layer-by-layer path: the first
 * layer does the same scalar sums ({@link PatchInputLayer#forwardRow}, or {@link PointMlpFloat#affineReluPanels} one
 * point per lane), and each row of a matrix product does not depend on how rows are blocked. With a kernel that has
 * a panel layout the activations stay in it ({@link PointMlp}) from the first layer to the output. The block-wise
 * work is typed by the element type, chosen once per plan ({@link PatchBlocks}).
 */
final class PatchDecoding implements InferencePlan {
    /** How the patches are run. */
    enum Mode {
        /** Block by block in cache. */
        BLOCKS,
        /**
         * Layer by layer over all B x P rows of a patch, one product per layer: for weights the kernel cannot pack
         * once for all blocks (each block would repack the whole weight).
         */
        LAYERS
    }

    /**
     * One patch: the first layer's template columns {@code wt} (H, t) and its per-shape row {@code latent(z)} (B, H),
     * then the stages (the last one to 3 channels, without ReLU).
     */
    record Patch(Tensor wt, UnaryOperator<Tensor> latent, List<DenseStage> stages) {}

    private final List<Patch> patches;
    private final boolean tanh;
    private final Mode mode;
    private final DType dtype;
    private final int latentDim;
    /** The block-wise work, typed by the dtype ({@link Mode#BLOCKS} only; else null). */
    private final PatchBlocks blocks;

    PatchDecoding(List<Patch> patches, boolean tanh, int latentDim, Mode mode) {
        if (patches.isEmpty()) throw new IllegalArgumentException("PatchDecoding: expected at least one patch");
        this.patches = List.copyOf(patches);
        this.tanh = tanh;
        this.mode = mode;
        this.latentDim = latentDim;
        this.dtype = patches.get(0).wt().dtype();
        int t = patches.get(0).wt().size(1), k = patches.size(), width = 3;
        int[] hidden = new int[k];
        for (int patch = 0; patch < k; patch++) {
            Patch pt = patches.get(patch);
            List<DenseStage> st = pt.stages();
            DenseStage last = st.get(st.size() - 1);
            if (last.out() != 3
                    || last.relu()
                    || pt.wt().size(1) != t
                    || pt.wt().dtype() != dtype) {
                throw new IllegalArgumentException("PatchDecoding: patch " + patch + " expected " + dtype
                        + " template columns of width " + t + " and a last stage to 3 channels without ReLU");
            }
            hidden[patch] = pt.wt().size(0);
            width = Math.max(width, hidden[patch]);
            for (DenseStage s : st) width = Math.max(width, s.out());
        }
        MatmulKernel kernel = Kernels.matmul();
        if (mode != Mode.BLOCKS) this.blocks = null;
        else if (dtype == DType.FLOAT64)
            this.blocks = new PatchBlocksDouble(this.patches, tanh, t, hidden, width, kernel);
        else this.blocks = new PatchBlocksFloat(this.patches, tanh, t, hidden, width, kernel);
    }

    /** True when the kernel packs this (out, in) weight once for any number of row blocks. */
    static boolean packsOnce(Tensor w) {
        int in = w.size(1), out = w.size(0);
        MatmulKernel kernel = Kernels.matmul();
        return w.dtype() == DType.FLOAT64
                ? kernel.packB(true, in, out, w.doubleData(), 0, in) != null
                : kernel.packB(true, in, out, w.floatData(), 0, in) != null;
    }

    /** Takes latent codes z (B, Z) of the plan's dtype. */
    @Override
    public boolean accepts(Tensor z) {
        return z.dim() == 2 && z.size(1) == latentDim && z.dtype() == dtype;
    }

    /** True when the blocks run in the kernel's panel layout (for tests). */
    boolean usesPanels() {
        return blocks != null && blocks.usesPanels();
    }

    /** Decodes z (B, Z) with one template (B or 1, P, t) per patch into (B, K * P, 3). */
    Tensor decode(Tensor z, List<Tensor> templates) {
        List<Tensor> latents = new ArrayList<>();
        for (Patch p : patches) latents.add(p.latent().apply(z));
        if (mode == Mode.LAYERS) {
            Tensor[] outs = new Tensor[patches.size()];
            for (int k = 0; k < outs.length; k++) {
                Tensor h =
                        PatchInputLayer.apply(templates.get(k), patches.get(k).wt(), latents.get(k), true);
                for (DenseStage s : patches.get(k).stages()) {
                    h = s.relu() ? Tensor.linearRelu(h, s.weight(), s.bias()) : Tensor.linear(h, s.weight(), s.bias());
                }
                outs[k] = tanh ? h.tanh() : h;
            }
            return outs.length == 1 ? outs[0] : Tensor.concat(1, outs);
        }
        Tensor out =
                Tensor.zeros(dtype, z.size(0), patches.size() * templates.get(0).size(1), 3);
        blocks.decode(z.size(0), templates, latents.toArray(new Tensor[0]), out);
        return out;
    }
}
