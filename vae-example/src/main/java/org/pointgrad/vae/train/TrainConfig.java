package org.pointgrad.vae.train;

import java.nio.file.Path;
import org.pointgrad.nn.schedule.Schedule;
import org.pointgrad.pointcloud.transform.Augmentation;
import org.pointgrad.vae.model.VaeConfig;

/**
 * Settings of one training run.
 *
 * @param out        run folder (model, optimizer state, metrics.csv, pictures, report)
 * @param model      architecture
 * @param points     points per input cloud and per reconstruction
 * @param batch      clouds per step
 * @param lr         base Adam learning rate (multiplied by the lr schedule's factor)
 * @param lrSchedule learning-rate schedule over the planned epochs
 * @param beta       base KL weight (multiplied by the schedule's factor)
 * @param klSchedule KL weight schedule
 * @param freeBits   per-dimension KL floor in nats (0 = off)
 * @param epochs     epochs to train (0 = train for {@code minutes})
 * @param minutes    wall-clock budget when {@code epochs} is 0
 * @param seed       seed of initialisation, shuffling, templates and sampling noise
 * @param evalShapes held-out shapes used by the per-epoch diagnostics
 * @param progress   draw a progress bar on the console
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
    /** Settings without augmentation. */
    public TrainConfig(
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
            boolean progress) {
        this(
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
                Augmentation.NONE);
    }

    /** These settings with {@code a} as the augmentation. */
    public TrainConfig withAugmentation(Augmentation a) {
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
                a);
    }

    public TrainConfig {
        if (augmentation == null)
            throw new IllegalArgumentException("augmentation must not be null (use Augmentation.NONE)");
        if (points < 1) throw new IllegalArgumentException("--points must be >= 1, got " + points);
        if (batch < 2) throw new IllegalArgumentException("--batch must be >= 2, got " + batch);
        if (!(lr > 0) || Double.isInfinite(lr))
            throw new IllegalArgumentException("--lr must be a finite number > 0, got " + lr);
        if (lrSchedule == null)
            throw new IllegalArgumentException("lrSchedule must not be null (use Schedule.constant())");
        if (!(beta >= 0) || Double.isInfinite(beta))
            throw new IllegalArgumentException("--beta must be a finite number >= 0, got " + beta);
        if (!(freeBits >= 0) || Double.isInfinite(freeBits)) {
            throw new IllegalArgumentException("--free-bits must be a finite number >= 0, got " + freeBits);
        }
        if (Double.isNaN(minutes) || Double.isInfinite(minutes))
            throw new IllegalArgumentException("--minutes must be a finite number, got " + minutes);
        if (epochs < 0) throw new IllegalArgumentException("--epochs must be >= 0, got " + epochs);
        if (epochs == 0 && !(minutes > 0)) throw new IllegalArgumentException("give --epochs or a positive --minutes");
        if (evalShapes < 2) throw new IllegalArgumentException("evalShapes must be >= 2");
    }
}
