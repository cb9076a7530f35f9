package org.pointgrad.vae.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.pointgrad.autodiff.DType;
import org.pointgrad.nn.io.MetadataValues;

/**
 * Architecture of the point-cloud VAE. Defaults match the reference model in {@code shared/ref/vae_ref.py}:
 * PointNet 3-64-128-256, head 256-128, latent 32, 8 square patches of (2+32)-128-128-3 with tanh output.
 *
 * @param encoderWidths per-point MLP widths, starting with 3
 * @param headWidth     width of the MLP between the pooled feature and the mu/logvar heads
 * @param latent        latent size Z
 * @param patches       number of AtlasNet patches K
 * @param hidden        hidden width of each patch MLP
 * @param template      SQUARE (2-D, [0,1]^2) or SPHERE (3-D unit sphere)
 * @param tanhOutput    tanh on the patch output (true) or linear
 * @param autoencoder   plain autoencoder: no sampling, no KL
 * @param dtype         FLOAT32 for training speed, FLOAT64 for gradient checks
 * @param arch          the network family: the reference model or AtlasNet with BatchNorm ({@link #atlasNet()})
 */
public record VaeConfig(
        int[] encoderWidths,
        int headWidth,
        int latent,
        int patches,
        int hidden,
        Template template,
        boolean tanhOutput,
        boolean autoencoder,
        DType dtype,
        Arch arch) {
    /** The decoder's template surface. */
    public enum Template {
        /** The unit square [0, 1]<sup>2</sup>. */
        SQUARE,
        /** The unit sphere. */
        SPHERE
    }

    /**
     * The network family. {@code REFERENCE}: per-point Linear+ReLU encoder, patch MLPs on (template, z) with equal
     * hidden widths. {@code ATLASNET}: AtlasNet as published, BatchNorm after every layer but the heads and the
     * output, z added to the first patch layer's output, patch widths hidden, hidden/2, hidden/4.
     */
    public enum Arch {
        /** The small reference model. */
        REFERENCE,
        /** AtlasNet as published. */
        ATLASNET
    }

    /** A reference-architecture config. */
    public VaeConfig(
            int[] encoderWidths,
            int headWidth,
            int latent,
            int patches,
            int hidden,
            Template template,
            boolean tanhOutput,
            boolean autoencoder,
            DType dtype) {
        this(
                encoderWidths,
                headWidth,
                latent,
                patches,
                hidden,
                template,
                tanhOutput,
                autoencoder,
                dtype,
                Arch.REFERENCE);
    }

    /** Validates every size and that the dtype and architecture are given. */
    public VaeConfig {
        if (arch == null) throw new IllegalArgumentException("arch must not be null");
        if (arch == Arch.ATLASNET && latent != hidden) {
            throw new IllegalArgumentException(
                    "AtlasNet adds z to the first patch layer's output, so the latent size must equal the "
                            + "hidden width, got latent " + latent + " and hidden " + hidden);
        }
        if (arch == Arch.ATLASNET && tanhOutput) {
            throw new IllegalArgumentException(
                    "AtlasNet's patches have a linear output: tanh output is not available with it");
        }
        if (arch == Arch.ATLASNET && hidden < 4) {
            throw new IllegalArgumentException(
                    "AtlasNet's patch widths are hidden, hidden/2, hidden/4: hidden must be >= 4, got " + hidden);
        }
        if (encoderWidths == null || encoderWidths.length < 2 || encoderWidths[0] != 3) {
            throw new IllegalArgumentException("encoder widths must start with 3 and have at least 2 entries, got "
                    + Arrays.toString(encoderWidths));
        }
        if (headWidth < 1 || latent < 1 || patches < 1 || hidden < 1) {
            throw new IllegalArgumentException("head width, latent size, patch count and hidden width must be >= 1");
        }
        encoderWidths = encoderWidths.clone();
    }

    /** The reference architecture in FLOAT32. */
    public static VaeConfig defaults() {
        return new VaeConfig(new int[] {3, 64, 128, 256}, 128, 32, 8, 128, Template.SQUARE, true, false, DType.FLOAT32);
    }

    /**
     * AtlasNet as published (Groueix et al. 2018), made a VAE, in FLOAT32: encoder 3-64-128-1024 per point with
     * BatchNorm, max pool, Linear 1024-1024 + BatchNorm + ReLU, heads 1024-1024; 25 square patches of
     * 2-1024 (+ z) -512-256-3 with BatchNorm, no tanh. 19,882,827 parameters.
     */
    public static VaeConfig atlasNet() {
        return new VaeConfig(
                new int[] {3, 64, 128, 1024},
                1024,
                1024,
                25,
                1024,
                Template.SQUARE,
                false,
                false,
                DType.FLOAT32,
                Arch.ATLASNET);
    }

    /** This config with a latent size of {@code z}. */
    public VaeConfig withLatent(int z) {
        return new VaeConfig(
                encoderWidths, headWidth, z, patches, hidden, template, tanhOutput, autoencoder, dtype, arch);
    }

    /** This config with {@code k} decoder patches. */
    public VaeConfig withPatches(int k) {
        return new VaeConfig(
                encoderWidths, headWidth, latent, k, hidden, template, tanhOutput, autoencoder, dtype, arch);
    }

    /** This config with decoder hidden width {@code h}. */
    public VaeConfig withHidden(int h) {
        return new VaeConfig(
                encoderWidths, headWidth, latent, patches, h, template, tanhOutput, autoencoder, dtype, arch);
    }

    /** This config with template surface {@code t}. */
    public VaeConfig withTemplate(Template t) {
        return new VaeConfig(
                encoderWidths, headWidth, latent, patches, hidden, t, tanhOutput, autoencoder, dtype, arch);
    }

    /** This config with a tanh on the decoder output, or without. */
    public VaeConfig withTanhOutput(boolean t) {
        return new VaeConfig(encoderWidths, headWidth, latent, patches, hidden, template, t, autoencoder, dtype, arch);
    }

    /** This config as a plain autoencoder ({@code ae}) or as a VAE. */
    public VaeConfig withAutoencoder(boolean ae) {
        return new VaeConfig(encoderWidths, headWidth, latent, patches, hidden, template, tanhOutput, ae, dtype, arch);
    }

    /** This config with parameters of dtype {@code d}. */
    public VaeConfig withDtype(DType d) {
        return new VaeConfig(
                encoderWidths, headWidth, latent, patches, hidden, template, tanhOutput, autoencoder, d, arch);
    }

    /** This config with the per-point encoder widths {@code w} (input first). */
    public VaeConfig withEncoderWidths(int... w) {
        return new VaeConfig(w, headWidth, latent, patches, hidden, template, tanhOutput, autoencoder, dtype, arch);
    }

    /** This config with encoder head width {@code h}. */
    public VaeConfig withHeadWidth(int h) {
        return new VaeConfig(encoderWidths, h, latent, patches, hidden, template, tanhOutput, autoencoder, dtype, arch);
    }
    /** Both latent and hidden width (AtlasNet needs them equal). */
    public VaeConfig withLatentAndHidden(int w) {
        return new VaeConfig(encoderWidths, headWidth, w, patches, w, template, tanhOutput, autoencoder, dtype, arch);
    }

    /** Template dimension: 2 for the square, 3 for the sphere. */
    public int templateDim() {
        return template == Template.SQUARE ? 2 : 3;
    }

    /** As string metadata for a checkpoint. */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("encoder_widths", Arrays.toString(encoderWidths).replaceAll("[\\[\\] ]", ""));
        m.put("head_width", Integer.toString(headWidth));
        m.put("latent", Integer.toString(latent));
        m.put("patches", Integer.toString(patches));
        m.put("hidden", Integer.toString(hidden));
        m.put("template", template.name().toLowerCase(Locale.ROOT));
        m.put("tanh_output", Boolean.toString(tanhOutput));
        m.put("autoencoder", Boolean.toString(autoencoder));
        m.put("dtype", dtype.name());
        m.put("arch", arch.name().toLowerCase(Locale.ROOT));
        return m;
    }

    /**
     * Reads the config back from checkpoint metadata. Every value must be in the form {@link #toMetadata} writes it
     * (a damaged boolean such as {@code tsue} is an error, not false); a missing or malformed key is an error naming
     * it. Metadata without {@code arch} is the reference model.
     */
    public static VaeConfig fromMetadata(Map<String, String> m) {
        try {
            String widths = MetadataValues.required(m, "encoder_widths");
            int[] w = Arrays.stream(widths.split(",", -1))
                    .mapToInt(s -> MetadataValues.parseInt("encoder_widths", s))
                    .toArray();
            String template = MetadataValues.required(m, "template");
            if (!template.equals("square") && !template.equals("sphere")) {
                throw new IllegalArgumentException("key 'template' must be square or sphere, got '" + template + "'");
            }
            String dtype = MetadataValues.required(m, "dtype");
            if (!dtype.equals(DType.FLOAT32.name()) && !dtype.equals(DType.FLOAT64.name())) {
                throw new IllegalArgumentException("key 'dtype' must be FLOAT32 or FLOAT64, got '" + dtype + "'");
            }
            return new VaeConfig(
                    w,
                    MetadataValues.parseInt(m, "head_width"),
                    MetadataValues.parseInt(m, "latent"),
                    MetadataValues.parseInt(m, "patches"),
                    MetadataValues.parseInt(m, "hidden"),
                    Template.valueOf(template.toUpperCase(Locale.ROOT)),
                    MetadataValues.parseBoolean(m, "tanh_output"),
                    MetadataValues.parseBoolean(m, "autoencoder"),
                    DType.valueOf(dtype),
                    arch(m));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "model config in checkpoint metadata is malformed: " + e.getMessage(), e);
        }
    }

    private static Arch arch(Map<String, String> m) {
        String v = m.get("arch");
        if (v == null) return Arch.REFERENCE;
        for (Arch a : Arch.values()) {
            if (a.name().toLowerCase(Locale.ROOT).equals(v)) return a;
        }
        throw new IllegalArgumentException("key 'arch': expected reference or atlasnet, got '" + v + "'");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VaeConfig c
                && Arrays.equals(encoderWidths, c.encoderWidths)
                && headWidth == c.headWidth
                && latent == c.latent
                && patches == c.patches
                && hidden == c.hidden
                && template == c.template
                && tanhOutput == c.tanhOutput
                && autoencoder == c.autoencoder
                && dtype == c.dtype
                && arch == c.arch;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoderWidths) * 31
                + Objects.hash(headWidth, latent, patches, hidden, template, tanhOutput, autoencoder, dtype, arch);
    }

    @Override
    public String toString() {
        return "VaeConfig" + toMetadata();
    }
}
