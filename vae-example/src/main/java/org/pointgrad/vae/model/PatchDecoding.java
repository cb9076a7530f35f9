package org.pointgrad.vae.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.MatmulKernel;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.autodiff.kernel.ThreadScratch;
import org.pointgrad.nn.Layer;
import org.pointgrad.nn.layers.Linear;
import org.pointgrad.nn.layers.ReLU;
import org.pointgrad.nn.layers.Sequential;
import org.pointgrad.nn.layers.Tanh;

/**
 * AtlasNet decoding without a graph: each (shape, patch) pair is run through the whole patch MLP in blocks of at
 * most {@value #BLOCK_ROWS} template points, whose activations stay in the core's cache, and the points are written
 * straight into the output. Unfused, every hidden layer of every patch writes a (B, P, H) tensor to memory and reads
 * it back, and the patches are concatenated at the end.
 * <p>
 * Values equal those of {@link AtlasNetDecoder}'s layer-by-layer path: the first layer uses the same row loop
 * ({@link PatchInputLayer#forwardRow}), and each row of a matrix product does not depend on how rows are blocked.
 */
final class PatchDecoding {
    /** Template points per block: patches of up to 132 points (the default 128) are one block, whose activations stay in L2. */
    static final int BLOCK_ROWS = 132;

    /**
     * A layer after the first: {@code act(h @ weight^T + bias)}, with its weight packed once for all blocks when the
     * kernel packs (null: each block packs it, as for the narrow output layer).
     */
    private record Step(Tensor weight, Tensor bias, boolean relu, Object packed) {}

    private PatchDecoding() {}

    /**
     * Decodes z (B, Z) with a template (B or 1, P, t) shared by all patches into (B, K * P, 3), or empty when a patch
     * net does not have the shape this path knows (Linear, ReLU, then Linear-ReLU pairs, a Linear and an optional Tanh).
     */
    static Optional<Tensor> decode(List<Sequential> nets, int templateDim, Tensor z, List<Tensor> templates) {
        List<List<Step>> steps = new ArrayList<>();
        boolean tanh = false;
        for (Sequential net : nets) {
            Optional<List<Step>> s = steps(net.layers());
            if (s.isEmpty()) return Optional.empty();
            boolean t = net.layers().get(net.size() - 1) instanceof Tanh;
            if (!steps.isEmpty() && t != tanh) return Optional.empty();
            tanh = t;
            steps.add(s.get());
        }
        int b = z.size(0), k = nets.size(), p = templates.get(0).size(1), t = templateDim;
        DType dtype = z.dtype();
        boolean f64 = dtype == DType.FLOAT64;
        int[] hidden = new int[k];
        Tensor[] latent = new Tensor[k];
        Object[][] columns = new Object[k][];
        int maxWidth = 3;
        for (int patch = 0; patch < k; patch++) {
            Linear first = (Linear) nets.get(patch).get(0);
            Tensor w = first.weight();
            hidden[patch] = first.outFeatures();
            // The latent columns applied to z once per shape, exactly as the layer-by-layer path does.
            latent[patch] = Tensor.linear(z, w.narrow(1, t, first.inFeatures() - t), first.bias());
            Tensor wt = w.narrow(1, 0, t);
            columns[patch] = new Object[] {f64 ? PatchInputLayer.columns(wt.doubleData(), hidden[patch], t)
                    : PatchInputLayer.columns(wt.floatData(), hidden[patch], t)};
            maxWidth = Math.max(maxWidth, hidden[patch]);
            for (Step s : steps.get(patch)) maxWidth = Math.max(maxWidth, s.weight.size(0));
        }
        int blocksPerPatch = (p + BLOCK_ROWS - 1) / BLOCK_ROWS, blocks = b * k * blocksPerPatch, points = k * p;
        Tensor out = Tensor.zeros(dtype, b, points, 3);
        MatmulKernel kernel = Kernels.matmul();
        final int width = maxWidth;
        final boolean applyTanh = tanh;
        Parallel.forEachPiece(blocks, 1, (from, to) -> {
            int rowsMax = Math.min(BLOCK_ROWS, p);
            // Slots 0 and 1; nothing below uses ThreadScratch.
            Object bufA = f64 ? ThreadScratch.doubles(0, rowsMax * width) : ThreadScratch.floats(0, rowsMax * width);
            Object bufB = f64 ? ThreadScratch.doubles(1, rowsMax * width) : ThreadScratch.floats(1, rowsMax * width);
            for (int blk = from; blk < to; blk++) {
                int shape = blk / (k * blocksPerPatch), patch = blk / blocksPerPatch % k;
                int r0 = blk % blocksPerPatch * BLOCK_ROWS, rows = Math.min(BLOCK_ROWS, p - r0);
                Tensor tmpl = templates.get(patch);
                int tBase = ((tmpl.size(0) == 1 ? 0 : shape) * p + r0) * t, h = hidden[patch];
                for (int r = 0; r < rows; r++) {
                    if (f64) {
                        PatchInputLayer.forwardRow(tmpl.doubleData(), tBase + r * t, (double[][]) columns[patch][0], h,
                                latent[patch].doubleData(), shape * h, (double[]) bufA, r * h);
                    } else {
                        PatchInputLayer.forwardRow(tmpl.floatData(), tBase + r * t, (float[][]) columns[patch][0], h,
                                latent[patch].floatData(), shape * h, (float[]) bufA, r * h);
                    }
                }
                Object src = bufA, dst = bufB;
                int in = h;
                List<Step> rest = steps.get(patch);
                int outRow = shape * points + patch * p + r0;
                for (int i = 0; i < rest.size(); i++) {
                    Step s = rest.get(i);
                    int o = s.weight.size(0);
                    boolean last = i + 1 == rest.size();
                    // The last layer writes its rows straight into the output.
                    Object c = last ? (f64 ? out.doubleData() : out.floatData()) : dst;
                    gemm(kernel, rows, o, in, src, s, c, last ? outRow * 3 : 0);
                    src = dst;
                    dst = dst == bufA ? bufB : bufA;
                    in = o;
                }
                if (applyTanh) tanhInPlace(out, outRow * 3, rows * 3);
            }
        });
        return Optional.of(Autograd.record("patch_decoding", out, g -> {
            throw new IllegalStateException("PatchDecoding has no backward; it runs only without a graph");
        }, z));
    }

    /** Steps after the first Linear-ReLU pair, or empty when the net does not have the expected shape. */
    private static Optional<List<Step>> steps(List<Layer> layers) {
        if (layers.size() < 3 || !(layers.get(0) instanceof Linear) || !(layers.get(1) instanceof ReLU)) return Optional.empty();
        List<Step> steps = new ArrayList<>();
        int i = 2;
        while (i < layers.size()) {
            if (!(layers.get(i) instanceof Linear lin)) return Optional.empty();
            boolean relu = i + 1 < layers.size() && layers.get(i + 1) instanceof ReLU;
            // Hidden weights are packed once for all blocks; the 3-wide output layer takes the kernel's narrow path.
            int in = lin.inFeatures(), out = lin.outFeatures();
            MatmulKernel kernel = Kernels.matmul();
            Tensor w = lin.weight();
            Object packed = !relu ? null : w.dtype() == DType.FLOAT64 ? kernel.packB(true, in, out, w.doubleData(), 0, in)
                    : kernel.packB(true, in, out, w.floatData(), 0, in);
            steps.add(new Step(w, lin.bias(), relu, packed));
            i += relu ? 2 : 1;
            if (i == layers.size() - 1 && layers.get(i) instanceof Tanh) break;
        }
        if (steps.isEmpty() || steps.get(steps.size() - 1).relu || steps.get(steps.size() - 1).weight.size(0) != 3) {
            return Optional.empty();
        }
        return Optional.of(steps);
    }

    private static void gemm(MatmulKernel kernel, int rows, int out, int in, Object src, Step s, Object c, int cOff) {
        // (out, in) weights as the layer-by-layer path passes them.
        if (src instanceof double[] a) {
            kernel.dgemmBiasRelu(false, true, rows, out, in, a, 0, in, s.weight.doubleData(), 0, in, (double[]) c, cOff, out,
                    s.bias == null ? null : s.bias.doubleData(), 0, s.relu, s.packed);
        } else {
            kernel.sgemmBiasRelu(false, true, rows, out, in, (float[]) src, 0, in, s.weight.floatData(), 0, in, (float[]) c, cOff, out,
                    s.bias == null ? null : s.bias.floatData(), 0, s.relu, s.packed);
        }
    }

    private static void tanhInPlace(Tensor out, int off, int n) {
        if (out.dtype() == DType.FLOAT64) {
            double[] d = out.doubleData();
            for (int i = off; i < off + n; i++) d[i] = Math.tanh(d[i]);
        } else {
            float[] f = out.floatData();
            for (int i = off; i < off + n; i++) f[i] = (float) Math.tanh(f[i]);
        }
    }
}
