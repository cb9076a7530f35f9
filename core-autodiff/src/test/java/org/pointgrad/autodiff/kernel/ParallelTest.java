package org.pointgrad.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
            // After the region, the caller forks again.
            ConcurrentHashMap<Thread, Boolean> used = new ConcurrentHashMap<>();
            Parallel.forRange(2, 1, (from, to) -> {
                used.put(Thread.currentThread(), true);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertEquals(2, used.size());
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void exceptionInTheCallersChunkStillClosesTheRegion() {
        int saved = Parallel.threads();
        Parallel.setThreads(2);
        try {
            assertThrows(IllegalStateException.class, () -> Parallel.forRange(2, 1, (from, to) -> {
                if (from == 0) throw new IllegalStateException("boom");
            }));
            ConcurrentHashMap<Thread, Boolean> used = new ConcurrentHashMap<>();
            Parallel.forRange(2, 1, (from, to) -> {
                used.put(Thread.currentThread(), true);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertEquals(2, used.size(), "the caller forks again after a failed region");
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
