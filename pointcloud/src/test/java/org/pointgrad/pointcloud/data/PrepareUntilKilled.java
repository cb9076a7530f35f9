package org.pointgrad.pointcloud.data;

import java.nio.file.Path;
import org.pointgrad.autodiff.kernel.Parallel;

/**
 * The child process of {@link DatasetPreparerKillTest}: prepares {@code SRC} into {@code OUT} at {@code POINTS}
 * points on two threads, pausing after each shape so that the parent's kill lands while shapes are still in flight.
 */
final class PrepareUntilKilled {
    private PrepareUntilKilled() {}

    public static void main(String[] args) throws Exception {
        Parallel.setThreads(2);
        DatasetPreparer.Result r = new DatasetPreparer(Path.of(args[0]), Path.of(args[1]))
                .points(Integer.parseInt(args[2]))
                .run(new DatasetPreparer.Listener() {
                    @Override
                    public void shapeDone(String id, DatasetPreparer.Status status) {
                        try {
                            Thread.sleep(40);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
        System.out.println("finished " + r.shapes());
    }
}
