package org.pointgrad.vae.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.pointcloud.data.BadFile;
import org.pointgrad.pointcloud.data.CollectionLayout;
import org.pointgrad.pointcloud.data.DatasetPreparer;
import org.pointgrad.pointcloud.data.PreparedDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pointvae prepare}: samples every mesh of a collection once into a point dataset that train and eval read. */
@Command(
        name = "prepare",
        mixinStandardHelpOptions = true,
        description = "Sample every shape of a collection once (seeded per shape, with normals) into a point dataset: "
                + "manifest.tsv, skipped.tsv and shapes/*.npy. Resumable: a re-run keeps what is done and "
                + "unchanged, and removes shapes whose source is gone.")
public final class PrepareCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(
            names = "--data",
            required = true,
            description = "The collection: ShapeNetCore v1/v2, ModelNet10/40, or a folder of shape files (a class per "
                    + "sub-folder).")
    Path data;

    @Option(names = "--out", required = true, description = "The dataset folder to write (or bring up to date).")
    Path out;

    @Option(names = "--points", defaultValue = "30000", description = "Points per shape (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--layout", description = "shapenet, modelnet or folder (default: detected from the layout).")
    String layout;

    @Option(
            names = "--test-fraction",
            defaultValue = "0.2",
            description = "Held-out fraction outside ModelNet, by a hash of each path (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Override
    public Integer call() throws IOException {
        common.apply();
        PrintStream console = System.out;
        DatasetPreparer preparer = new DatasetPreparer(data, out)
                .points(points)
                .seed(common.seed)
                .testFraction(testFraction)
                .layout(layout == null ? null : CollectionLayout.parse(layout));
        ProgressListener listener = new ProgressListener(!noProgress && System.console() != null ? console : null);
        long start = System.nanoTime();
        DatasetPreparer.Result r;
        try {
            r = preparer.run(listener);
        } finally {
            listener.close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (BadFile b : r.skipped()) console.println("skipped " + b.path() + ": " + b.message());
        for (String name : r.removed()) console.println("removed " + name + ": its source is gone");
        console.printf(
                Locale.ROOT,
                "prepared %d shapes of %d points into %s (%d sampled, %d kept from an earlier run, %d removed) "
                        + "in %.1f s: %.2f shapes/s sampled, %d threads%n",
                r.shapes(),
                points,
                out,
                r.sampled(),
                r.kept(),
                r.removed().size(),
                seconds,
                r.sampled() / Math.max(seconds, 1e-9),
                Parallel.threads());
        if (!r.skipped().isEmpty()) {
            console.println(r.skipped().size() + " file(s) skipped; listed in " + out.resolve(PreparedDataset.SKIPPED));
        }
        if (r.shapes() == 0) throw new IllegalArgumentException(data + ": no shape could be prepared");
        return 0;
    }

    /** A progress bar with shapes/s and ETA on {@code console}; nothing when it is null. */
    private static final class ProgressListener implements DatasetPreparer.Listener {
        private final PrintStream console;
        private ProgressBar bar;

        ProgressListener(PrintStream console) {
            this.console = console;
        }

        @Override
        public void started(int shapes) {
            if (console == null) return;
            bar = new ProgressBarBuilder()
                    .setTaskName("prepare")
                    .setInitialMax(shapes)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" shapes", 1)
                    .showSpeed()
                    .setConsumer(new ConsoleProgressBarConsumer(console))
                    .setUpdateIntervalMillis(250)
                    .build();
        }

        @Override
        public void shapeDone(String id, DatasetPreparer.Status status) {
            if (bar != null) bar.step();
        }

        void close() {
            if (bar != null) bar.close();
        }
    }
}
