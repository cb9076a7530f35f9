package org.pointgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.DType;
import org.pointgrad.vae.train.TrainStep;

/**
 * The benchmarked workload is the reference model and a real training step (a benchmark of a broken step is worthless).
 */
class ReferenceWorkloadTest {
    @Test
    void referenceWorkloadTrains() {
        ReferenceWorkload w = new ReferenceWorkload(DType.FLOAT32);
        assertEquals(253_784, w.model.parameterCount());
        assertArrayEquals(new int[] {16, 1024, 3}, w.batch.shape());
        TrainStep.Losses first = w.trainStep(0);
        TrainStep.Losses later = first;
        for (int i = 1; i < 6; i++) later = w.trainStep(i);
        assertTrue(Double.isFinite(first.chamfer()) && Double.isFinite(first.kl()));
        assertTrue(later.chamfer() < first.chamfer(), first.chamfer() + " -> " + later.chamfer());
        assertArrayEquals(new int[] {16, 1024, 3}, w.inference().shape());
    }
}
