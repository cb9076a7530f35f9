package org.pointgrad.vae.train;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A console progress bar per epoch (off for logs and tests). */
final class ProgressReporter {
    private final boolean enabled;
    private final PrintStream out;
    private ProgressBar bar;

    ProgressReporter(boolean enabled, PrintStream out) {
        this.enabled = enabled;
        this.out = out;
    }

    void startEpoch(int epoch, int steps, int done) {
        if (!enabled) return;
        bar = new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d", epoch))
                .setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out))
                .setUpdateIntervalMillis(250)
                .build();
        bar.stepTo(done);
    }

    void step(int done, double chamfer, double kl) {
        if (bar == null) return;
        bar.stepTo(done);
        bar.setExtraMessage(String.format(Locale.ROOT, "CD %.5f KL %.1f", chamfer, kl));
    }

    void endEpoch() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
