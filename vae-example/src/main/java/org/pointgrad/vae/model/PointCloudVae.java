package org.pointgrad.vae.model;

import java.util.random.RandomGenerator;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Module;
import org.pointgrad.vae.loss.Reparameterize;

/**
 * The AtlasNet-style point-cloud VAE: an encoder to (mu, logvar), {@link Reparameterize} (z = mu in eval mode or in
 * autoencoder mode), a patch decoder back to points. The reference architecture is {@link VaeEncoder} and
 * {@link AtlasNetDecoder}; AtlasNet as published ({@link VaeConfig#atlasNet()}) is {@link AtlasNetBnEncoder} and
 * {@link AtlasNetBnDecoder}. {@link #train(boolean)} reaches every BatchNorm layer.
 */
public final class PointCloudVae extends Module {
    /** One forward pass: reconstruction (B, M, 3), the posterior parameters and the latent code used. */
    public record Output(Tensor reconstruction, Tensor mu, Tensor logvar, Tensor z) {}

    private final VaeConfig config;
    private final LatentEncoder encoder;
    private final PointDecoder decoder;

    /** The architecture of {@code config.arch()}: the reference model or AtlasNet with BatchNorm. */
    public PointCloudVae(VaeConfig config, RandomGenerator rng) {
        this.config = config;
        boolean atlas = config.arch() == VaeConfig.Arch.ATLASNET;
        this.encoder =
                registerModule("encoder", atlas ? new AtlasNetBnEncoder(config, rng) : new VaeEncoder(config, rng));
        this.decoder = registerModule(
                "decoder", atlas ? new AtlasNetBnDecoder(config, rng) : new AtlasNetDecoder(config, rng));
    }

    /** The configuration the model was built from. */
    public VaeConfig config() {
        return config;
    }

    /** The encoder, from points to the latent posterior. */
    public LatentEncoder encoder() {
        return encoder;
    }

    /** The decoder, from latent codes to points. */
    public PointDecoder decoder() {
        return decoder;
    }

    /** Encode, sample (training, VAE mode) or take the mean, decode {@code outPoints} points per shape. */
    public Output forward(Tensor points, int outPoints, RandomGenerator rng) {
        VaeEncoder.Encoding e = encoder.forward(points);
        boolean sample = isTraining() && !config.autoencoder();
        Tensor z = Reparameterize.apply(e.mu(), e.logvar(), rng, sample);
        Tensor rec = decoder.forward(z, decoder.perPatch(outPoints), rng);
        return new Output(rec, e.mu(), e.logvar(), z);
    }

    /** Reconstruction with z = mu, no graph (eval-style inference regardless of mode). */
    public Tensor reconstruct(Tensor points, int outPoints) {
        boolean was = isTraining();
        eval();
        try (Autograd.Scope s = Autograd.noGrad()) {
            return decoder.forward(encoder.forward(points).mu(), decoder.perPatch(outPoints), null);
        } finally {
            train(was);
        }
    }

    /** Encodes without a graph, in eval mode (running BatchNorm statistics, left unchanged) regardless of mode. */
    public VaeEncoder.Encoding encode(Tensor points) {
        boolean was = isTraining();
        eval();
        try (Autograd.Scope s = Autograd.noGrad()) {
            return encoder.forward(points);
        } finally {
            train(was);
        }
    }

    /** Decodes latent codes (B, Z) on the regular template, without a graph. */
    public Tensor decode(Tensor z, int outPoints) {
        return decode(z, outPoints, null);
    }

    /**
     * Decodes latent codes (B, Z) without a graph; with {@code templateRng} the template points are drawn uniformly
     * (a uniform sample of the decoded surface, comparable with sampled data), otherwise the regular template.
     */
    public Tensor decode(Tensor z, int outPoints, RandomGenerator templateRng) {
        boolean was = isTraining();
        eval();
        try (Autograd.Scope s = Autograd.noGrad()) {
            return decoder.forward(z, decoder.perPatch(outPoints), templateRng);
        } finally {
            train(was);
        }
    }
}
