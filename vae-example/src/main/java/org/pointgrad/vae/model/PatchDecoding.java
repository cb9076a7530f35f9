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
import org.pointgrad.autodiff.kernel.PointMlp;
import org.pointgrad.autodiff.kernel.ThreadScratch;
import org.pointgrad.nn.Layer;
import org.pointgrad.nn.layers.Linear;
import org.pointgrad.nn.layers.ReLU;
import org.pointgrad.nn.layers.Sequential;
import org.pointgrad.nn.layers.Tanh;

/**
 * AtlasNet decoding without a graph: each (shape, patch) pair is run through the whole patch MLP in blocks of at
 * most {@value Kernels#BLOCK_ROWS} template points, whose activations stay in the core's cache, and the points are written
 * straight into the output. Unfused, every hidden layer of every patch writes a (B, P, H) tensor to memory and reads
 * it back, and the patches are concatenated at the end.
 * <p>
 * Values equal those of {@link AtlasNetDecoder}'s layer-by-layer path: the first layer does the same scalar sums
 * ({@link PatchInputLayer#forwardRow}, or {@link PointMlp#affineReluPanels} one point per lane), and each row of a
 * matrix product does not depend on how rows are blocked. With the Vector API kernel the activations stay in its
 * panel layout ({@link PointMlp}) from the first layer to the output, so none is repacked between layers.
 */
final class PatchDecoding {
    /**
     * A layer after the first: {@code act(h @ weight^T + bias)}, with its weight packed once for all blocks when the
     * kernel packs (null: each block packs it, as for the narrow output layer).
     */
    private static final class Step {
        final Tensor weight, bias;
        final boolean relu;
        /** Packed once per call for the row-major path when the kernel packs; null: each block packs it. */
        Object packed;

        Step(Tensor weight, Tensor bias, boolean relu) {
            this.weight = weight;
            this.bias = bias;
            this.relu = relu;
        }
    }

    private PatchDecoding() {}

    /**
     * Decodes z (B, Z) with a template (B or 1, P, t) shared by all patches into (B, K * P, 3), or empty when a patch
     * net does not have the shape this path knows (Linear, ReLU, then Linear-ReLU pairs, a Linear and an optional Tanh).
     */
    static Optional<Tensor> decode(List<Sequential> nets, int templateDim, Tensor z, List<Tensor> templates) {
        int t = templateDim;
        List<List<Layer>> rests = new ArrayList<>();
        List<Tensor> wts = new ArrayList<>(), latents = new ArrayList<>();
        for (Sequential net : nets) {
            List<Layer> layers = net.layers();
            if (layers.size() < 3 || !(layers.get(0) instanceof Linear first) || !(layers.get(1) instanceof ReLU))
                return Optional.empty();
            Tensor w = first.weight();
            // The latent columns applied to z once per shape, exactly as the layer-by-layer path does.
            latents.add(Tensor.linear(z, w.narrow(1, t, first.inFeatures() - t), first.bias()));
            wts.add(w.narrow(1, 0, t));
            rests.add(layers.subList(2, layers.size()));
        }
        return decode(rests, wts, latents, templates);
    }

    /**
     * Decodes patches whose first layer is given as its parts, {@code relu(template @ wt^T + latent)} with latent
     * (B, H) per patch, followed by the {@code rest} layers (Linear-ReLU pairs, a Linear to 3 and an optional Tanh),
     * into (B, K * P, 3); empty when a patch's layers do not have that shape.
     */
    static Optional<Tensor> decode(
            List<List<Layer>> rests, List<Tensor> wts, List<Tensor> latents, List<Tensor> templates) {
        List<List<Step>> steps = new ArrayList<>();
        boolean tanh = false;
        for (List<Layer> rest : rests) {
            Optional<List<Step>> s = steps(rest);
            if (s.isEmpty()) return Optional.empty();
            boolean t = rest.get(rest.size() - 1) instanceof Tanh;
            if (!steps.isEmpty() && t != tanh) return Optional.empty();
            tanh = t;
            steps.add(s.get());
        }
        Tensor z = latents.get(0);
        int b = z.size(0),
                k = rests.size(),
                p = templates.get(0).size(1),
                t = wts.get(0).size(1);
        DType dtype = z.dtype();
        boolean f64 = dtype == DType.FLOAT64;
        int[] hidden = new int[k];
        Tensor[] latent = latents.toArray(new Tensor[0]);
        Object[][] columns = new Object[k][];
        int maxWidth = 3;
        for (int patch = 0; patch < k; patch++) {
            Tensor wt = wts.get(patch);
            hidden[patch] = wt.size(0);
            // [0]: wt's columns as forwardRow takes them; [1]: the same flattened (t x H), for the panel path.
            columns[patch] = new Object[] {
                f64
                        ? PatchInputLayer.columns(wt.doubleData(), hidden[patch], t)
                        : PatchInputLayer.columns(wt.floatData(), hidden[patch], t),
                null
            };
            columns[patch][1] = flatten(columns[patch][0]);
            maxWidth = Math.max(maxWidth, hidden[patch]);
            for (Step s : steps.get(patch)) maxWidth = Math.max(maxWidth, s.weight.size(0));
        }
        MatmulKernel kernel = Kernels.matmul();
        // The layers after the first in the kernel's panel layout, when it has one: no activation is repacked.
        PointMlp[] plans = new PointMlp[k];
        for (int patch = 0; patch < k && plans != null; patch++) {
            plans[patch] = plan(kernel, steps.get(patch));
            if (plans[patch] == null) plans = null;
        }
        final PointMlp[] panelPlans = plans;
        int panel = plans == null ? 1 : plans[0].panelPoints();
        // Whole panels per block, so only a patch's last block has padding points.
        int blockRows = Math.max(panel, Kernels.BLOCK_ROWS / panel * panel);
        if (plans == null) packWeights(kernel, steps);
        int blocksPerPatch = (p + blockRows - 1) / blockRows, blocks = b * k * blocksPerPatch, points = k * p;
        Tensor out = Tensor.zeros(dtype, b, points, 3);
        final int width = maxWidth;
        final boolean applyTanh = tanh;
        Parallel.forEachPiece(blocks, 1, (from, to) -> {
            int rowsMax = Math.min(blockRows, p);
            // Slots 0 and 1; nothing below uses ThreadScratch (PointMlp has scratch of its own).
            int len = panelPlans == null ? rowsMax * width : panelPlans[0].panelLength(rowsMax, Math.max(width, t));
            Object bufA = f64 ? ThreadScratch.doubles(0, len) : ThreadScratch.floats(0, len);
            Object bufB = f64 ? ThreadScratch.doubles(1, len) : ThreadScratch.floats(1, len);
            for (int blk = from; blk < to; blk++) {
                int shape = blk / (k * blocksPerPatch), patch = blk / blocksPerPatch % k;
                int r0 = blk % blocksPerPatch * blockRows, rows = Math.min(blockRows, p - r0);
                Tensor tmpl = templates.get(patch);
                int tBase = ((tmpl.size(0) == 1 ? 0 : shape) * p + r0) * t, h = hidden[patch];
                int outRow = shape * points + patch * p + r0;
                if (panelPlans != null) {
                    // The first layer: template points to panels, then relu(latent row + template @ wt^T) per point.
                    PointMlp plan = panelPlans[patch];
                    plan.toPanels(rows, t, f64 ? tmpl.doubleData() : tmpl.floatData(), tBase, bufB);
                    plan.affineReluPanels(
                            rows,
                            t,
                            h,
                            bufB,
                            columns[patch][1],
                            f64 ? latent[patch].doubleData() : latent[patch].floatData(),
                            shape * h,
                            bufA);
                    plan.forwardRows(rows, bufA, f64 ? out.doubleData() : out.floatData(), outRow * 3);
                    if (applyTanh) tanhInPlace(out, outRow * 3, rows * 3);
                    continue;
                }
                for (int r = 0; r < rows; r++) {
                    if (f64) {
                        PatchInputLayer.forwardRow(
                                tmpl.doubleData(),
                                tBase + r * t,
                                (double[][]) columns[patch][0],
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
                                (float[][]) columns[patch][0],
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
                List<Step> rest = steps.get(patch);
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
        return Optional.of(Autograd.record(
                "patch_decoding",
                out,
                g -> {
                    throw new IllegalStateException("PatchDecoding has no backward; it runs only without a graph");
                },
                z));
    }

    /** The layers as steps (Linear-ReLU pairs, then a Linear to 3 and an optional Tanh), or empty when they are not. */
    private static Optional<List<Step>> steps(List<Layer> layers) {
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < layers.size()) {
            if (!(layers.get(i) instanceof Linear lin)) return Optional.empty();
            boolean relu = i + 1 < layers.size() && layers.get(i + 1) instanceof ReLU;
            steps.add(new Step(lin.weight(), lin.bias(), relu));
            i += relu ? 2 : 1;
            if (i == layers.size() - 1 && layers.get(i) instanceof Tanh) break;
        }
        if (steps.isEmpty()
                || steps.get(steps.size() - 1).relu
                || steps.get(steps.size() - 1).weight.size(0) != 3) {
            return Optional.empty();
        }
        return Optional.of(steps);
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

    /** True when decode takes the active kernel's panel layout for these nets (for tests). */
    static boolean usesPanels(List<Sequential> nets) {
        for (Sequential net : nets) {
            Optional<List<Step>> s =
                    net.size() < 3 ? Optional.empty() : steps(net.layers().subList(2, net.size()));
            if (s.isEmpty() || plan(Kernels.matmul(), s.get()) == null) return false;
        }
        return true;
    }

    /** The steps as a panel-layout plan of the kernel, or null when it has none for them. */
    private static PointMlp plan(MatmulKernel kernel, List<Step> steps) {
        return Linear.pointMlp(
                kernel, steps.size(), i -> steps.get(i).weight, i -> steps.get(i).bias, i -> steps.get(i).relu);
    }

    /** Packs the hidden layers' weights once for all blocks; the 3-wide output layer takes the kernel's narrow path. */
    private static void packWeights(MatmulKernel kernel, List<List<Step>> steps) {
        for (List<Step> patch : steps) {
            for (Step s : patch) {
                if (!s.relu) continue;
                Tensor w = s.weight;
                int in = w.size(1), out = w.size(0);
                s.packed = w.dtype() == DType.FLOAT64
                        ? kernel.packB(true, in, out, w.doubleData(), 0, in)
                        : kernel.packB(true, in, out, w.floatData(), 0, in);
            }
        }
    }

    private static void gemm(MatmulKernel kernel, int rows, int out, int in, Object src, Step s, Object c, int cOff) {
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
                    s.weight.doubleData(),
                    0,
                    in,
                    (double[]) c,
                    cOff,
                    out,
                    s.bias == null ? null : s.bias.doubleData(),
                    0,
                    s.relu,
                    s.packed);
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
                    s.weight.floatData(),
                    0,
                    in,
                    (float[]) c,
                    cOff,
                    out,
                    s.bias == null ? null : s.bias.floatData(),
                    0,
                    s.relu,
                    s.packed);
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
