package org.pointgrad.vae.model;

import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.init.LinearInit;
import org.pointgrad.nn.layers.Linear;
import org.pointgrad.nn.layers.ReLU;
import org.pointgrad.nn.layers.Sequential;
import org.pointgrad.nn.pointnet.PointNetEncoder;

/**
 * PointNet encoder: per-point MLP, max pool over points, an MLP head, then two heads for mu and logvar.
 * Both heads read the same feature and both are returned, so both are wired into the loss.
 */
public final class VaeEncoder extends LatentEncoder {
    /** The two outputs of the encoder, each (B, Z). */
    public record Encoding(Tensor mu, Tensor logvar) {}

    private final PointNetEncoder pointNet;
    private final Sequential fc;
    private final Linear mu;
    private final Linear logvar;

    /** The PointNet encoder and its mu and logvar heads for config {@code c}. */
    public VaeEncoder(VaeConfig c, RandomGenerator rng) {
        pointNet = registerModule("point_net", new PointNetEncoder(c.encoderWidths(), false, c.dtype(), rng));
        int feat = c.encoderWidths()[c.encoderWidths().length - 1];
        fc = registerModule(
                "fc",
                new Sequential(
                        new Linear(feat, c.headWidth(), c.dtype(), LinearInit.pytorchDefault(), rng), new ReLU()));
        mu = registerModule("mu", new Linear(c.headWidth(), c.latent(), c.dtype(), LinearInit.pytorchDefault(), rng));
        logvar = registerModule(
                "logvar", new Linear(c.headWidth(), c.latent(), c.dtype(), LinearInit.pytorchDefault(), rng));
    }

    @Override
    public Encoding forward(Tensor points) {
        Tensor h = fc.forward(pointNet.forward(points));
        return new Encoding(mu.forward(h), logvar.forward(h));
    }

    /** The mu head. */
    public Linear muHead() {
        return mu;
    }

    /** The logvar head. */
    public Linear logvarHead() {
        return logvar;
    }
}
