package org.pointgrad.vae.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.pointgrad.vae.train.Trainer;

/**
 * Ctrl-C during a run: a shutdown hook asks the trainer to stop after its current step (it then writes a checkpoint)
 * and holds the JVM until the run's thread is done with it, at most two minutes. Close it when the run is over.
 */
final class StopOnInterrupt implements AutoCloseable {
    private final CountDownLatch finished = new CountDownLatch(1);
    private Thread hook;

    /** Installs the hook for {@code trainer} (given to {@code RunPipeline.run} as its trainer callback). */
    void attach(Trainer trainer) {
        hook = new Thread(
                () -> {
                    trainer.requestStop();
                    try {
                        finished.await(120, TimeUnit.SECONDS);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                },
                "pointvae-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        finished.countDown();
        if (hook == null) return;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // Already shutting down: the hook is running and has just been released.
        }
    }
}
