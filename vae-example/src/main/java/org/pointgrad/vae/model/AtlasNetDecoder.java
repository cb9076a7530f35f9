package org.pointgrad.vae.model;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
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
public final class AtlasNetDecoder extends PointDecoder {
    private final VaeConfig config;
    private final List<Sequential> patchNets = new ArrayList<>();

    public AtlasNetDecoder(VaeConfig c, RandomGenerator rng) {
        super(c.patches());
        this.config = c;
        Sequential patches = registerModule("patches", new Sequential());
        int in = c.templateDim() + c.latent();
        for (int k = 0; k < c.patches(); k++) {
            Sequential net = new Sequential(
                    new Linear(in, c.hidden(), c.dtype(), LinearInit.pytorchDefault(), rng),
                    new ReLU(),
                    new Linear(c.hidden(), c.hidden(), c.dtype(), LinearInit.pytorchDefault(), rng),
                    new ReLU(),
                    new Linear(c.hidden(), 3, c.dtype(), LinearInit.pytorchDefault(), rng));
            if (c.tanhOutput()) net.add(new Tanh());
            patches.add(net);
            patchNets.add(net);
        }
    }

    @Override
    public Tensor forward(Tensor z, int perPatch, RandomGenerator rng) {
        if (z.dim() != 2 || z.size(1) != config.latent()) {
            throw new IllegalArgumentException("AtlasNetDecoder: expected z of shape (B, " + config.latent() + "), got "
                    + java.util.Arrays.toString(z.shape()));
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
        if (!Autograd.isGradEnabled() && !Autograd.isAnomalyMode() && z.dtype() == config.dtype()) {
            // No graph: decode block by block in cache instead of layer by layer through memory. (Anomaly mode checks
            // every layer's output, which this path never stores, so it goes layer by layer.)
            var decoded = PatchDecoding.decode(patchNets, t, z, templates);
            if (decoded.isPresent()) return decoded.get();
        }
        Tensor[] outs = new Tensor[patchNets.size()];
        for (int k = 0; k < patchNets.size(); k++) {
            Sequential net = patchNets.get(k);
            Linear first = (Linear) net.get(0);
            Tensor w = first.weight();
            Tensor latentPart = Tensor.linear(z, w.narrow(1, t, config.latent()), first.bias()); // (B, H)
            Tensor template = templates.get(k);
            // relu(template @ wt^T + latentPart), fused: the template has only t = 2 or 3 channels.
            Tensor h = PatchInputLayer.apply(template, w.narrow(1, 0, t), latentPart, true); // (B, P, H)
            h = net.forwardFrom(2, h);
            outs[k] = h;
        }
        return outs.length == 1 ? outs[0] : Tensor.concat(1, outs);
    }

    /** The patch nets (read-only). */
    List<Sequential> patchNets() {
        return java.util.Collections.unmodifiableList(patchNets);
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
