package org.pointgrad.vae.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Layer;
import org.pointgrad.nn.inference.DenseStage;
import org.pointgrad.nn.inference.InferencePlanner;
import org.pointgrad.nn.inference.PlannableModule;
import org.pointgrad.nn.init.LinearInit;
import org.pointgrad.nn.layers.Linear;
import org.pointgrad.nn.layers.ReLU;
import org.pointgrad.nn.layers.Sequential;
import org.pointgrad.nn.layers.Tanh;

/**
 * AtlasNet decoder: K patches, each an MLP mapping (template point, z) to a 3-D point. Parameters are laid out as
 * in the PyTorch reference ({@code patches.k.0/2/4.weight}). The first layer is split into its template and latent
 * columns, so the latent part is computed once per shape instead of once per point.
 * Templates: the unit square (uniform samples in training, a regular grid in eval) or the unit sphere.
 */
public final class AtlasNetDecoder extends PointDecoder implements PlannableModule<PatchDecoding> {
    private final VaeConfig config;
    private final List<PatchNet> patchNets = new ArrayList<>();

    /**
     * One patch's layers as built: {@code first} on (template point, z) with a ReLU, then {@code hidden} with a ReLU,
     * then {@code output} to 3-D points (tanh when configured). {@code net} holds them in PyTorch's order,
     * {@code rest} the layers after the first ReLU, for the graph path.
     */
    record PatchNet(Sequential net, Linear first, Linear hidden, Linear output, List<Layer> rest) {}

    /**
     * {@code c.patches()} patch MLPs from (template point, z) through two layers of width {@code c.hidden()} to 3-D
     * points, initialised from {@code rng}.
     */
    public AtlasNetDecoder(VaeConfig c, RandomGenerator rng) {
        super(c.patches());
        this.config = c;
        Sequential patches = registerModule("patches", new Sequential());
        int in = c.templateDim() + c.latent();
        for (int k = 0; k < c.patches(); k++) {
            Linear first = new Linear(in, c.hidden(), c.dtype(), LinearInit.pytorchDefault(), rng);
            Linear hidden = new Linear(c.hidden(), c.hidden(), c.dtype(), LinearInit.pytorchDefault(), rng);
            Linear output = new Linear(c.hidden(), 3, c.dtype(), LinearInit.pytorchDefault(), rng);
            List<Layer> rest = new ArrayList<>(List.of(hidden, new ReLU(), output));
            if (c.tanhOutput()) rest.add(new Tanh());
            Sequential net = new Sequential(first, new ReLU()).addAll(rest);
            patches.add(net);
            patchNets.add(new PatchNet(net, first, hidden, output, List.copyOf(rest)));
        }
    }

    @Override
    public Tensor forward(Tensor z, int perPatch, RandomGenerator rng) {
        if (z.dim() != 2 || z.size(1) != config.latent()) {
            throw new IllegalArgumentException("AtlasNetDecoder: expected z of shape (B, " + config.latent() + "), got "
                    + Arrays.toString(z.shape()));
        }
        if (perPatch < 1)
            throw new IllegalArgumentException("AtlasNetDecoder: points per patch must be >= 1, got " + perPatch);
        int b = z.size(0), t = config.templateDim();
        List<Tensor> templates = new ArrayList<>();
        Tensor regular = rng != null
                ? null
                : Templates.regular(config.template(), perPatch, config.dtype()).unsqueeze(0);
        for (int k = 0; k < patchNets.size(); k++) {
            templates.add(
                    rng != null ? Templates.random(config.template(), b, perPatch, config.dtype(), rng) : regular);
        }
        // No graph: decode block by block in cache instead of layer by layer through memory.
        var plan = InferencePlanner.fastPath(this, z);
        if (plan.isPresent()) return plan.get().decode(z, templates);
        Tensor[] outs = new Tensor[patchNets.size()];
        for (int k = 0; k < patchNets.size(); k++) {
            PatchNet net = patchNets.get(k);
            Tensor w = net.first().weight();
            Tensor latentPart = Tensor.linear(
                    z, w.narrow(1, t, config.latent()), net.first().bias()); // (B, H)
            // relu(template @ wt^T + latentPart), fused: the template has only t = 2 or 3 channels.
            Tensor h = PatchInputLayer.apply(templates.get(k), w.narrow(1, 0, t), latentPart, true); // (B, P, H)
            outs[k] = Sequential.forwardFused(net.rest(), 0, h);
        }
        return outs.length == 1 ? outs[0] : Tensor.concat(1, outs);
    }

    /**
     * The patches with their first layer split into template columns and a latent part applied to z once per shape,
     * exactly as the graph path computes it.
     */
    @Override
    public PatchDecoding compilePlan() {
        int t = config.templateDim(), latent = config.latent();
        List<PatchDecoding.Patch> patches = new ArrayList<>();
        for (PatchNet net : patchNets) {
            Tensor w = net.first().weight(), bias = net.first().bias(), wz = w.narrow(1, t, latent);
            patches.add(new PatchDecoding.Patch(
                    w.narrow(1, 0, t),
                    z -> Tensor.linear(z, wz, bias),
                    List.of(DenseStage.of(net.hidden(), true), DenseStage.of(net.output(), false))));
        }
        return new PatchDecoding(patches, config.tanhOutput(), latent, PatchDecoding.Mode.BLOCKS);
    }

    /** The patch nets (read-only). */
    List<PatchNet> patchNets() {
        return Collections.unmodifiableList(patchNets);
    }

    /** Template samples, kept apart because eval and training differ. */
    static final class Templates {
        private Templates() {}

        static Tensor random(VaeConfig.Template kind, int b, int p, DType dtype, RandomGenerator rng) {
            if (kind == VaeConfig.Template.SQUARE) return Tensor.rand(rng, dtype, b, p, 2);
            Tensor g = Tensor.randn(rng, DType.FLOAT64, b, p, 3);
            double[] d = g.doubleData();
            for (int i = 0; i < d.length; i += 3) {
                double n = Math.sqrt(d[i] * d[i] + d[i + 1] * d[i + 1] + d[i + 2] * d[i + 2]);
                if (n == 0) {
                    d[i] = 1;
                    n = 1;
                }
                d[i] /= n;
                d[i + 1] /= n;
                d[i + 2] /= n;
            }
            return g.to(dtype);
        }

        /** A regular grid on the square (rows x cols covering [0,1]^2, first p points) or a Fibonacci sphere. */
        static Tensor regular(VaeConfig.Template kind, int p, DType dtype) {
            if (kind == VaeConfig.Template.SQUARE) {
                int rows = (int) Math.max(1, Math.floor(Math.sqrt(p)));
                int cols = (p + rows - 1) / rows;
                double[] d = new double[p * 2];
                for (int i = 0; i < p; i++) {
                    int r = i / cols, c = i % cols;
                    d[2 * i] = cols == 1 ? 0.5 : (double) c / (cols - 1);
                    d[2 * i + 1] = rows == 1 ? 0.5 : (double) r / (rows - 1);
                }
                return Tensor.of(d, p, 2).to(dtype);
            }
            double[] d = new double[p * 3];
            double golden = Math.PI * (3 - Math.sqrt(5));
            for (int i = 0; i < p; i++) {
                double y = p == 1 ? 0 : 1 - 2.0 * i / (p - 1);
                double r = Math.sqrt(Math.max(0, 1 - y * y));
                d[3 * i] = Math.cos(golden * i) * r;
                d[3 * i + 1] = y;
                d[3 * i + 2] = Math.sin(golden * i) * r;
            }
            return Tensor.of(d, p, 3).to(dtype);
        }
    }
}
