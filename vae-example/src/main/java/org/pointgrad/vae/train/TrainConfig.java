package org.pointgrad.vae.train;

import java.nio.file.Path;
import java.util.Objects;
import org.pointgrad.nn.schedule.Cosine;
import org.pointgrad.nn.schedule.Schedule;
import org.pointgrad.pointcloud.transform.Augmentation;
import org.pointgrad.vae.model.VaeConfig;

/**
 * Settings of one training run; build one with {@link #builder(Path)}.
 *
 * @param out          run folder (model, optimizer state, metrics.csv, pictures, report)
 * @param model        architecture
 * @param points       points per input cloud and per reconstruction
 * @param batch        clouds per step
 * @param lr           base Adam learning rate (multiplied by the lr schedule's factor)
 * @param lrSchedule   learning-rate schedule over the planned epochs
 * @param beta         base KL weight (multiplied by the schedule's factor)
 * @param klSchedule   KL weight schedule
 * @param freeBits     per-dimension KL floor in nats (0 = off)
 * @param epochs       epochs to train (0 = train for {@code minutes})
 * @param minutes      wall-clock budget when {@code epochs} is 0
 * @param seed         seed of initialisation, shuffling, templates and sampling noise
 * @param evalShapes   held-out shapes used by the per-epoch diagnostics
 * @param progress     draw a progress bar on the console
 * @param augmentation random changes applied to every training batch ({@link Augmentation#NONE}: none)
 */
public record TrainConfig(
        Path out,
        VaeConfig model,
        int points,
        int batch,
        double lr,
        Schedule lrSchedule,
        double beta,
        Schedule klSchedule,
        double freeBits,
        int epochs,
        double minutes,
        long seed,
        int evalShapes,
        boolean progress,
        Augmentation augmentation) {
    /** Default points per cloud. */
    public static final int DEFAULT_POINTS = 1024;
    /** Default clouds per step (4-minute runs: batch 4 and 8 reconstructed better than 16 in the same time). */
    public static final int DEFAULT_BATCH = 4;
    /** Default Adam learning rate (4-minute runs: 2e-3 beat 1e-3 and 3e-3; README "Choosing the defaults"). */
    public static final double DEFAULT_LR = 2e-3;
    /** Default learning-rate schedule: full rate for the first 60% of the plan, then a cosine decay to 5%. */
    public static final Schedule DEFAULT_LR_SCHEDULE = new Cosine(Cosine.DEFAULT_FLOOR, 0.6);
    /** Default KL weight (see the rate-distortion sweep in docs/results.md). */
    public static final double DEFAULT_BETA = 1e-5;
    /** Default wall-clock budget in minutes (when no epoch count is given). */
    public static final double DEFAULT_MINUTES = 7.5;
    /** Default number of held-out shapes for the diagnostics. */
    public static final int DEFAULT_EVAL_SHAPES = 64;

    /**
     * A setting out of range; {@link #setting()} is the name of the builder method that sets it, so a front end can
     * name its own option for it.
     */
    public static final class InvalidSetting extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        /** The name of the setting that is invalid. */
        private final String setting;

        InvalidSetting(String setting, String message) {
            super(message);
            this.setting = setting;
        }

        /** The builder method of the setting ({@code "batch"}, {@code "lr"}, ...). */
        public String setting() {
            return setting;
        }
    }

    /** Validates every setting; an invalid one is an {@link InvalidSetting} naming it. */
    public TrainConfig {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(model, "model");
        if (augmentation == null) throw new InvalidSetting("augmentation", "augmentation must not be null (use NONE)");
        if (lrSchedule == null)
            throw new InvalidSetting("lrSchedule", "learning-rate schedule must not be null (use constant())");
        if (klSchedule == null) throw new InvalidSetting("klSchedule", "KL schedule must not be null (use constant())");
        if (points < 1) throw new InvalidSetting("points", "points per cloud must be >= 1, got " + points);
        if (batch < 2) throw new InvalidSetting("batch", "batch size must be >= 2, got " + batch);
        if (!(lr > 0) || Double.isInfinite(lr))
            throw new InvalidSetting("lr", "learning rate must be a finite number > 0, got " + lr);
        if (!(beta >= 0) || Double.isInfinite(beta))
            throw new InvalidSetting("beta", "KL weight beta must be a finite number >= 0, got " + beta);
        if (!(freeBits >= 0) || Double.isInfinite(freeBits))
            throw new InvalidSetting("freeBits", "free bits must be a finite number >= 0, got " + freeBits);
        if (Double.isNaN(minutes) || Double.isInfinite(minutes))
            throw new InvalidSetting("minutes", "time budget in minutes must be a finite number, got " + minutes);
        if (epochs < 0) throw new InvalidSetting("epochs", "epochs must be >= 0, got " + epochs);
        if (epochs == 0 && !(minutes > 0))
            throw new InvalidSetting("epochs", "give a number of epochs or a positive time budget in minutes");
        if (evalShapes < 2) throw new InvalidSetting("evalShapes", "eval shapes must be >= 2, got " + evalShapes);
    }

    /** A builder for a run into {@code out}, every other setting at its default. */
    public static Builder builder(Path out) {
        return new Builder(out);
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        return new Builder(out)
                .model(model)
                .points(points)
                .batch(batch)
                .lr(lr)
                .lrSchedule(lrSchedule)
                .beta(beta)
                .klSchedule(klSchedule)
                .freeBits(freeBits)
                .epochs(epochs)
                .minutes(minutes)
                .seed(seed)
                .evalShapes(evalShapes)
                .progress(progress)
                .augmentation(augmentation);
    }

    /** These settings with {@code a} as the augmentation. */
    public TrainConfig withAugmentation(Augmentation a) {
        return toBuilder().augmentation(a).build();
    }

    /** Named settings with defaults; {@link #build} checks them. */
    public static final class Builder {
        private Path out;
        private VaeConfig model = VaeConfig.defaults();
        private int points = DEFAULT_POINTS;
        private int batch = DEFAULT_BATCH;
        private double lr = DEFAULT_LR;
        private Schedule lrSchedule = DEFAULT_LR_SCHEDULE;
        private double beta = DEFAULT_BETA;
        private Schedule klSchedule = Schedule.constant();
        private double freeBits = 0;
        private int epochs = 0;
        private double minutes = DEFAULT_MINUTES;
        private long seed = 1;
        private int evalShapes = DEFAULT_EVAL_SHAPES;
        private boolean progress = false;
        private Augmentation augmentation = Augmentation.NONE;

        private Builder(Path out) {
            this.out = out;
        }

        /** The run folder. */
        public Builder out(Path v) {
            out = v;
            return this;
        }

        /** The architecture (default {@link VaeConfig#defaults()}). */
        public Builder model(VaeConfig v) {
            model = v;
            return this;
        }

        /** Points per cloud (default {@value TrainConfig#DEFAULT_POINTS}). */
        public Builder points(int v) {
            points = v;
            return this;
        }

        /** Clouds per step (default {@value TrainConfig#DEFAULT_BATCH}). */
        public Builder batch(int v) {
            batch = v;
            return this;
        }

        /** Base Adam learning rate (default {@value TrainConfig#DEFAULT_LR}). */
        public Builder lr(double v) {
            lr = v;
            return this;
        }

        /** Learning-rate schedule (default {@link TrainConfig#DEFAULT_LR_SCHEDULE}). */
        public Builder lrSchedule(Schedule v) {
            lrSchedule = v;
            return this;
        }

        /** Base KL weight (default {@value TrainConfig#DEFAULT_BETA}). */
        public Builder beta(double v) {
            beta = v;
            return this;
        }

        /** KL weight schedule (default constant). */
        public Builder klSchedule(Schedule v) {
            klSchedule = v;
            return this;
        }

        /** Per-dimension KL floor in nats (default 0: off). */
        public Builder freeBits(double v) {
            freeBits = v;
            return this;
        }

        /** Epochs to train (default 0: train for {@link #minutes}). */
        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        /** Wall-clock budget when epochs is 0 (default {@value TrainConfig#DEFAULT_MINUTES}). */
        public Builder minutes(double v) {
            minutes = v;
            return this;
        }

        /** Seed of everything random (default 1). */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** Held-out shapes for the per-epoch diagnostics (default {@value TrainConfig#DEFAULT_EVAL_SHAPES}). */
        public Builder evalShapes(int v) {
            evalShapes = v;
            return this;
        }

        /** Draw a progress bar on the console (default false). */
        public Builder progress(boolean v) {
            progress = v;
            return this;
        }

        /** Random changes to every training batch (default {@link Augmentation#NONE}). */
        public Builder augmentation(Augmentation v) {
            augmentation = v;
            return this;
        }

        /** The settings; an {@link InvalidSetting} names the first one out of range. */
        public TrainConfig build() {
            return new TrainConfig(
                    out,
                    model,
                    points,
                    batch,
                    lr,
                    lrSchedule,
                    beta,
                    klSchedule,
                    freeBits,
                    epochs,
                    minutes,
                    seed,
                    evalShapes,
                    progress,
                    augmentation);
        }
    }
}
