package org.pointgrad.vae.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Module;
import org.pointgrad.nn.inference.DenseStage;
import org.pointgrad.nn.inference.InferencePlanner;
import org.pointgrad.nn.inference.PlannableModule;
import org.pointgrad.nn.init.LinearInit;
import org.pointgrad.nn.layers.BatchNorm1d;
import org.pointgrad.nn.layers.Linear;

/**
 * AtlasNet's decoder as published: K patches ({@code decoder.k}), each AtlasNet's PointGenCon/Mapping2Dto3D with
 * BatchNorm: {@code conv1} on the template point (t to H, z added to its output: no weight on z), {@code bn1}, ReLU;
 * {@code conv2} H to H/2, {@code bn2}, ReLU; {@code conv3} H/2 to H/4, {@code bn3}, ReLU; {@code conv4} H/4 to 3,
 * no activation. The names are those of the original PointGenCon, whose widths these are; as in
 * {@link AtlasNetBnEncoder} the weights are (out, in), Conv1d(k=1)'s without the kernel axis.
 * BatchNorm statistics are per patch over its batch and points, as BatchNorm1d on AtlasNet's (B, C, P) activations.
 * <p>
 * In eval mode without a graph every BatchNorm is folded into the Linear before it and the patches are decoded
 * graph-free ({@link #compilePlan}).
 */
public final class AtlasNetBnDecoder extends PointDecoder implements PlannableModule<PatchDecoding> {
    private final VaeConfig config;
    private final List<Patch> patches = new ArrayList<>();

    /** One patch: three Linear+BatchNorm+ReLU layers and a Linear to 3-D points. */
    static final class Patch extends Module {
        final Linear conv1, conv2, conv3, conv4;
        final BatchNorm1d bn1, bn2, bn3;

        Patch(VaeConfig c, RandomGenerator rng) {
            int h = c.hidden();
            LinearInit init = LinearInit.pytorchDefault();
            conv1 = registerModule("conv1", new Linear(c.templateDim(), h, c.dtype(), init, rng));
            conv2 = registerModule("conv2", new Linear(h, h / 2, c.dtype(), init, rng));
            conv3 = registerModule("conv3", new Linear(h / 2, h / 4, c.dtype(), init, rng));
            conv4 = registerModule("conv4", new Linear(h / 4, 3, c.dtype(), init, rng));
            bn1 = registerModule("bn1", new BatchNorm1d(h, c.dtype()));
            bn2 = registerModule("bn2", new BatchNorm1d(h / 2, c.dtype()));
            bn3 = registerModule("bn3", new BatchNorm1d(h / 4, c.dtype()));
        }

        /** Template (B or 1, P, t) and z (B, H) to points (B, P, 3), with a graph when recording. */
        Tensor forward(Tensor template, Tensor z) {
            // conv1(uv) + z: the bias joins z once per shape, and the template columns are applied inline.
            Tensor h = PatchInputLayer.apply(template, conv1.weight(), z.add(conv1.bias()), false);
            h = bn1.forwardRelu(h);
            h = bn2.forwardRelu(conv2.forward(h));
            h = bn3.forwardRelu(conv3.forward(h));
            return conv4.forward(h);
        }
    }

    /** {@code c.patches()} patches of widths {@code c.hidden()}, /2, /4, initialised from {@code rng}. */
    public AtlasNetBnDecoder(VaeConfig c, RandomGenerator rng) {
        super(c.patches());
        this.config = c;
        for (int k = 0; k < c.patches(); k++) patches.add(registerModule(Integer.toString(k), new Patch(c, rng)));
    }

    @Override
    public Tensor forward(Tensor z, int perPatch, RandomGenerator rng) {
        if (z.dim() != 2 || z.size(1) != config.latent() || z.dtype() != config.dtype()) {
            throw new IllegalArgumentException("AtlasNetBnDecoder: expected " + config.dtype() + " z of shape (B, "
                    + config.latent() + "), got " + z.dtype() + " " + Arrays.toString(z.shape()));
        }
        if (perPatch < 1)
            throw new IllegalArgumentException("AtlasNetBnDecoder: points per patch must be >= 1, got " + perPatch);
        int b = z.size(0);
        List<Tensor> templates = new ArrayList<>();
        Tensor regular = rng != null
                ? null
                : AtlasNetDecoder.Templates.regular(config.template(), perPatch, config.dtype())
                        .unsqueeze(0);
        for (int k = 0; k < patches.size(); k++) {
            templates.add(
                    rng != null
                            ? AtlasNetDecoder.Templates.random(config.template(), b, perPatch, config.dtype(), rng)
                            : regular);
        }
        var plan = InferencePlanner.fastPath(this, z);
        if (plan.isPresent()) return plan.get().decode(z, templates);
        Tensor[] outs = new Tensor[patches.size()];
        for (int k = 0; k < outs.length; k++) outs[k] = patches.get(k).forward(templates.get(k), z);
        return outs.length == 1 ? outs[0] : Tensor.concat(1, outs);
    }

    /**
     * Every BatchNorm folded into the Linear before it. When the kernel can pack the hidden layers' weights once for
     * all blocks, the patches are decoded block by block in cache; otherwise (AtlasNet's 1024 x 512 weight is deeper
     * than one packed block) each block of 100 points would repack the whole weight, so each patch runs layer by
     * layer on all its B x P rows, one product per layer.
     */
    @Override
    public PatchDecoding compilePlan() {
        List<PatchDecoding.Patch> plans = new ArrayList<>();
        for (Patch p : patches) {
            // bn1(conv1(uv) + z) = uv (s W1)^T + s z + (s b1 + shift): the folded layer's weight and bias, plus s z.
            Linear first = p.bn1.foldAfter(p.conv1);
            double[] s = p.bn1.evalScaleShift()[0];
            Tensor scale = Tensor.of(s, s.length).to(config.dtype()), bias = first.bias();
            plans.add(new PatchDecoding.Patch(
                    first.weight(),
                    z -> z.mul(scale).add(bias),
                    List.of(
                            DenseStage.folded(p.conv2, p.bn2, true),
                            DenseStage.folded(p.conv3, p.bn3, true),
                            DenseStage.of(p.conv4, false))));
        }
        boolean blocks = PatchDecoding.packsOnce(plans.get(0).stages().get(0).weight());
        return new PatchDecoding(
                plans, false, config.latent(), blocks ? PatchDecoding.Mode.BLOCKS : PatchDecoding.Mode.LAYERS);
    }
}
