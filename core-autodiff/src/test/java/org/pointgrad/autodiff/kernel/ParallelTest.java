package org.pointgrad.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @Test
    void nestedRegionsRunInlineOnTheThreadThatOwnsTheOuterChunk() {
        int saved = Parallel.threads();
        Parallel.setThreads(2);
        try {
            ConcurrentHashMap<Integer, Thread> outerThread = new ConcurrentHashMap<>();
            ConcurrentHashMap<String, Boolean> mismatches = new ConcurrentHashMap<>();
            AtomicInteger innerItems = new AtomicInteger();
            Parallel.forRange(2, 1, (from, to) -> {
                for (int o = from; o < to; o++) {
                    Thread me = Thread.currentThread();
                    outerThread.put(o, me);
                    int outer = o;
                    Parallel.forRange(1000, 1, (a, b) -> {
                        if (Thread.currentThread() != me) mismatches.put(outer + ":" + a, true);
                        innerItems.addAndGet(b - a);
                    });
                }
            });
            assertEquals(2, outerThread.size());
            assertEquals(2000, innerItems.get(), "every inner item runs once");
            assertEquals(0, mismatches.size(), "inner chunks ran on another thread: " + mismatches.keySet());
            assertEquals(2, threadsUsedByTwoChunks(), "after the region, the caller forks again");
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void exceptionInTheCallersChunkStillClosesTheRegion() {
        int saved = Parallel.threads();
        Parallel.setThreads(2);
        try {
            assertThrows(
                    IllegalStateException.class,
                    () -> Parallel.forRange(2, 1, (from, to) -> {
                        if (from == 0) throw new IllegalStateException("boom");
                    }));
            assertEquals(2, threadsUsedByTwoChunks(), "the caller forks again after a failed region");
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void piecesCoverEveryItemOnceAtFixedBoundaries() {
        int saved = Parallel.threads();
        Parallel.setThreads(2);
        try {
            for (int n : new int[] {1, 7, 100, 1001}) {
                for (int grain : new int[] {1, 3, 64, 5000}) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(n);
                    ConcurrentHashMap<String, Boolean> badPiece = new ConcurrentHashMap<>();
                    int g = grain;
                    Parallel.forEachPiece(n, grain, (from, to) -> {
                        // Inline (one piece, or a single thread) the whole range comes at once; else piece by piece.
                        boolean whole = from == 0 && to == n;
                        if (!whole && (from % g != 0 || (to != n && to - from != g)))
                            badPiece.put(from + ".." + to, true);
                        for (int i = from; i < to; i++) hits.incrementAndGet(i);
                    });
                    for (int i = 0; i < n; i++)
                        assertEquals(1, hits.get(i), "n=" + n + " grain=" + grain + " item " + i);
                    assertEquals(0, badPiece.size(), "pieces off the grain: " + badPiece.keySet());
                }
            }
            assertThrows(
                    IllegalStateException.class,
                    () -> Parallel.forEachPiece(100, 1, (from, to) -> {
                        if (from == 50) throw new IllegalStateException("boom");
                    }));
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /** How many threads run two 50 ms chunks: 2 unless the caller wrongly still counts as inside a region. */
    private static int threadsUsedByTwoChunks() {
        ConcurrentHashMap<Thread, Boolean> used = new ConcurrentHashMap<>();
        Parallel.forRange(2, 1, (from, to) -> {
            used.put(Thread.currentThread(), true);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return used.size();
    }
}
