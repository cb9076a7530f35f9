package org.pointgrad.vae.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.autodiff.kernel.DgemmPackedB;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.MatmulKernel;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.autodiff.kernel.SgemmPackedB;
import org.pointgrad.autodiff.kernel.ThreadScratch;
import org.pointgrad.nn.inference.DenseStage;
import org.pointgrad.nn.inference.InferencePlan;
import org.pointgrad.nn.inference.InferencePlanner;
import org.pointgrad.nn.inference.PointMlp;

/**
 * AtlasNet decoding without a graph, compiled once per decoder state ({@link InferencePlanner}). Each patch's first
 * layer is {@code relu(template @ wt^T + latent(z))}, with the latent row computed once per shape, followed by dense
 * stages to 3-D points and an optional tanh.
 * <p>
 * Block-wise ({@link Mode#BLOCKS}), each (shape, patch) pair runs through the whole patch MLP in blocks of at most
 * {@value Kernels#BLOCK_ROWS} template points, whose activations stay in the core's cache, and the points are written
 * straight into the output. Unfused, every hidden layer of every patch writes a (B, P, H) tensor to memory and reads
 * it back, and the patches are concatenated at the end. Values equal those of the layer-by-layer path: the first
 * layer does the same scalar sums ({@link PatchInputLayer#forwardRow}, or {@link PointMlp#affineReluPanels} one point
 * per lane), and each row of a matrix product does not depend on how rows are blocked. With a kernel that has a panel
 * layout the activations stay in it ({@link PointMlp}) from the first layer to the output.
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
    private final int latentDim, t, maxWidth;
    private final int[] hidden;
    /** Per patch: wt's columns as forwardRow takes them, and the same flattened (t x H) for the panel path. */
    private final Object[] columns, flatColumns;

    private final MatmulKernel kernel;
    /** The stages in the kernel's panel layout, or null: then row-major with packed weights. */
    private final PointMlp[] plans;

    private final SgemmPackedB[][] packedF;

    private final DgemmPackedB[][] packedD;

    PatchDecoding(List<Patch> patches, boolean tanh, int latentDim, Mode mode) {
        if (patches.isEmpty()) throw new IllegalArgumentException("PatchDecoding: expected at least one patch");
        this.patches = List.copyOf(patches);
        this.tanh = tanh;
        this.mode = mode;
        this.latentDim = latentDim;
        this.dtype = patches.get(0).wt().dtype();
        this.t = patches.get(0).wt().size(1);
        int k = patches.size(), width = 3;
        boolean f64 = dtype == DType.FLOAT64;
        this.hidden = new int[k];
        this.columns = new Object[k];
        this.flatColumns = new Object[k];
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
            columns[patch] = f64
                    ? PatchInputLayer.columns(pt.wt().doubleData(), hidden[patch], t)
                    : PatchInputLayer.columns(pt.wt().floatData(), hidden[patch], t);
            flatColumns[patch] = flatten(columns[patch]);
            width = Math.max(width, hidden[patch]);
            for (DenseStage s : st) width = Math.max(width, s.out());
        }
        this.maxWidth = width;
        this.kernel = Kernels.matmul();
        PointMlp[] ps = new PointMlp[k];
        for (int patch = 0; patch < k && ps != null; patch++) {
            ps[patch] = PointMlp.of(patches.get(patch).stages()).orElse(null);
            if (ps[patch] == null) ps = null;
        }
        this.plans = mode == Mode.BLOCKS ? ps : null;
        // The hidden stages' weights packed once for all blocks; the 3-wide output stage takes the kernel's narrow
        // path.
        this.packedF = new SgemmPackedB[k][];
        this.packedD = new DgemmPackedB[k][];
        for (int patch = 0; patch < k; patch++) {
            List<DenseStage> st = patches.get(patch).stages();
            packedF[patch] = new SgemmPackedB[st.size()];
            packedD[patch] = new DgemmPackedB[st.size()];
            if (plans != null || mode != Mode.BLOCKS) continue;
            for (int i = 0; i < st.size(); i++) {
                Tensor w = st.get(i).weight();
                int in = w.size(1), out = w.size(0);
                if (!st.get(i).relu()) continue;
                if (f64) packedD[patch][i] = kernel.packB(true, in, out, w.doubleData(), 0, in);
                else packedF[patch][i] = kernel.packB(true, in, out, w.floatData(), 0, in);
            }
        }
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
        return plans != null;
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
        int b = z.size(0), k = patches.size(), p = templates.get(0).size(1);
        boolean f64 = dtype == DType.FLOAT64;
        Tensor[] latent = latents.toArray(new Tensor[0]);
        int panel = plans == null ? 1 : plans[0].panelPoints();
        // Whole panels per block, so only a patch's last block has padding points.
        int blockRows = Math.max(panel, Kernels.BLOCK_ROWS / panel * panel);
        int blocksPerPatch = (p + blockRows - 1) / blockRows, blocks = b * k * blocksPerPatch, points = k * p;
        Tensor out = Tensor.zeros(dtype, b, points, 3);
        Parallel.forEachPiece(blocks, 1, (from, to) -> {
            int rowsMax = Math.min(blockRows, p);
            // Slots 0 and 1; nothing below uses ThreadScratch (PointMlp has scratch of its own).
            int len = plans == null ? rowsMax * maxWidth : plans[0].panelLength(rowsMax, Math.max(maxWidth, t));
            Object bufA = f64 ? ThreadScratch.doubles(0, len) : ThreadScratch.floats(0, len);
            Object bufB = f64 ? ThreadScratch.doubles(1, len) : ThreadScratch.floats(1, len);
            for (int blk = from; blk < to; blk++) {
                int shape = blk / (k * blocksPerPatch), patch = blk / blocksPerPatch % k;
                int r0 = blk % blocksPerPatch * blockRows, rows = Math.min(blockRows, p - r0);
                Tensor tmpl = templates.get(patch);
                int tBase = ((tmpl.size(0) == 1 ? 0 : shape) * p + r0) * t, h = hidden[patch];
                int outRow = shape * points + patch * p + r0;
                if (plans != null) {
                    // The first layer: template points to panels, then relu(latent row + template @ wt^T) per point.
                    PointMlp plan = plans[patch];
                    plan.toPanels(rows, t, f64 ? tmpl.doubleData() : tmpl.floatData(), tBase, bufB);
                    plan.affineReluPanels(
                            rows,
                            t,
                            h,
                            bufB,
                            flatColumns[patch],
                            f64 ? latent[patch].doubleData() : latent[patch].floatData(),
                            shape * h,
                            bufA);
                    plan.forwardRows(rows, bufA, f64 ? out.doubleData() : out.floatData(), outRow * 3);
                    if (tanh) tanhInPlace(out, outRow * 3, rows * 3);
                    continue;
                }
                for (int r = 0; r < rows; r++) {
                    if (f64) {
                        PatchInputLayer.forwardRow(
                                tmpl.doubleData(),
                                tBase + r * t,
                                (double[][]) columns[patch],
                                h,
                                latent[patch].doubleData(),
                                shape * h,
                                (double[]) bufA,
                                r * h,
                                true);
                    } else {
                        PatchInputLayer.forwardRow(
                                tmpl.floatData(),
                                tBase + r * t,
                                (float[][]) columns[patch],
                                h,
                                latent[patch].floatData(),
                                shape * h,
                                (float[]) bufA,
                                r * h,
                                true);
                    }
                }
                Object src = bufA, dst = bufB;
                int in = h;
                List<DenseStage> rest = patches.get(patch).stages();
                for (int i = 0; i < rest.size(); i++) {
                    DenseStage s = rest.get(i);
                    int o = s.out();
                    boolean last = i + 1 == rest.size();
                    // The last layer writes its rows straight into the output.
                    Object c = last ? (f64 ? out.doubleData() : out.floatData()) : dst;
                    gemm(rows, o, in, src, s, patch, i, c, last ? outRow * 3 : 0);
                    src = dst;
                    dst = dst == bufA ? bufB : bufA;
                    in = o;
                }
                if (tanh) tanhInPlace(out, outRow * 3, rows * 3);
            }
        });
        return out;
    }

    private static Object flatten(Object columns) {
        if (columns instanceof double[][] d) {
            double[] f = new double[d.length * d[0].length];
            for (int c = 0; c < d.length; c++) System.arraycopy(d[c], 0, f, c * d[c].length, d[c].length);
            return f;
        }
        float[][] d = (float[][]) columns;
        float[] f = new float[d.length * d[0].length];
        for (int c = 0; c < d.length; c++) System.arraycopy(d[c], 0, f, c * d[c].length, d[c].length);
        return f;
    }

    private void gemm(int rows, int out, int in, Object src, DenseStage s, int patch, int stage, Object c, int cOff) {
        // (out, in) weights as the layer-by-layer path passes them.
        if (src instanceof double[] a) {
            kernel.dgemmBiasRelu(
                    false,
                    true,
                    rows,
                    out,
                    in,
                    a,
                    0,
                    in,
                    s.weight().doubleData(),
                    0,
                    in,
                    (double[]) c,
                    cOff,
                    out,
                    s.bias() == null ? null : s.bias().doubleData(),
                    0,
                    s.relu(),
                    packedD[patch][stage]);
        } else {
            kernel.sgemmBiasRelu(
                    false,
                    true,
                    rows,
                    out,
                    in,
                    (float[]) src,
                    0,
                    in,
                    s.weight().floatData(),
                    0,
                    in,
                    (float[]) c,
                    cOff,
                    out,
                    s.bias() == null ? null : s.bias().floatData(),
                    0,
                    s.relu(),
                    packedF[patch][stage]);
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
