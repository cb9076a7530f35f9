package org.pointgrad.autodiff.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared thread pool used by kernels (matmul row blocks, per-cloud work).
 * Work is split into a fixed number of contiguous chunks that depends only on the configured thread count,
 * so results are deterministic for a fixed thread count.
 */
public final class Parallel {
    private static volatile int threads = defaultThreads();
    private static volatile ForkJoinPool pool;
    // Set on the calling thread while it runs its own chunk, so nested regions run inline there as on pool threads
    // instead of queueing work behind the chunks the pool threads are still running.
    private static final ThreadLocal<boolean[]> IN_REGION = ThreadLocal.withInitial(() -> new boolean[1]);

    private Parallel() {}

    private static int defaultThreads() {
        String p = System.getProperty("pointgrad.threads");
        if (p != null) {
            try {
                return Math.max(1, Integer.parseInt(p.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "system property pointgrad.threads: expected a positive integer, got '" + p + "'");
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** Number of threads used by kernels. */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads used by kernels (1 = run on the caller's thread only). */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("Parallel.setThreads: need at least 1 thread, got " + n);
        if (n != threads) {
            threads = n;
            ForkJoinPool old = pool;
            pool = null;
            if (old != null) old.shutdown();
        }
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(
                            threads,
                            pool -> {
                                var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                                t.setDaemon(true);
                                t.setName("pointgrad-" + t.getPoolIndex());
                                return t;
                            },
                            null,
                            false);
                    pool = p;
                }
            }
        }
        return p;
    }

    /** A body over a half-open range [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        /** Processes items {@code from} (inclusive) to {@code to} (exclusive). */
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over [0, n) split into at most {@link #threads()} contiguous chunks of at least
     * {@code minChunk} items. Runs inline when one chunk suffices or when already inside a parallel region (on a pool
     * thread, or on the caller's thread while it runs its own chunk), so nested calls never oversubscribe the pool.
     */
    public static void forRange(int n, int minChunk, RangeBody body) {
        if (n <= 0) return;
        int t = threads;
        int chunks = Math.min(t, Math.max(1, n / Math.max(1, minChunk)));
        boolean[] inRegion = IN_REGION.get();
        if (chunks <= 1 || inRegion[0] || ForkJoinTask.inForkJoinPool()) {
            body.run(0, n);
            return;
        }
        List<ForkJoinTask<?>> tasks = new ArrayList<>(chunks);
        ForkJoinPool p = pool();
        for (int c = 1; c < chunks; c++) {
            final int from = (int) ((long) n * c / chunks), to = (int) ((long) n * (c + 1) / chunks);
            tasks.add(p.submit(() -> body.run(from, to)));
        }
        runHereThenJoin(inRegion, () -> body.run(0, (int) ((long) n / chunks)), () -> {}, tasks);
    }

    /**
     * Runs {@code body} over [0, n) in pieces of {@code grain} items that the caller and the pool's threads take in
     * turn as they become free, so a thread that runs slower (a shared core) does less of the work. For work whose
     * pieces write disjoint results: piece boundaries depend only on n and grain, so results never depend on which
     * thread ran a piece. Runs inline under the same conditions as {@link #forRange}.
     */
    public static void forEachPiece(int n, int grain, RangeBody body) {
        if (n <= 0) return;
        int g = Math.max(1, grain);
        int pieces = (n + g - 1) / g;
        int t = Math.min(threads, pieces);
        boolean[] inRegion = IN_REGION.get();
        if (t <= 1 || inRegion[0] || ForkJoinTask.inForkJoinPool()) {
            body.run(0, n);
            return;
        }
        // The next piece to hand out; set past the end once the caller's share has failed.
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int p = next.getAndIncrement(); p < pieces; p = next.getAndIncrement()) {
                body.run(p * g, Math.min(n, (p + 1) * g));
            }
        };
        List<ForkJoinTask<?>> tasks = new ArrayList<>(t - 1);
        ForkJoinPool p = pool();
        for (int c = 1; c < t; c++) tasks.add(p.submit(worker));
        runHereThenJoin(inRegion, worker, () -> next.set(pieces), tasks);
    }

    /**
     * Runs the caller's share inside the region flag, then waits for every submitted task (so none outlives the
     * call), and rethrows the first failure; {@code onFailure} runs when the caller's share fails.
     */
    private static void runHereThenJoin(
            boolean[] inRegion, Runnable here, Runnable onFailure, List<ForkJoinTask<?>> tasks) {
        RuntimeException first = null;
        inRegion[0] = true;
        try {
            here.run();
        } catch (RuntimeException e) {
            first = e;
            onFailure.run();
        } finally {
            inRegion[0] = false;
        }
        for (ForkJoinTask<?> task : tasks) {
            try {
                task.join();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }
}
