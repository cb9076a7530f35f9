package org.pointgrad.vae.prior;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.vae.model.PointCloudVae;
import org.pointgrad.vae.model.VaeConfig;

class EncodedMeansTest {
    @Test
    void rowsAreEachCloudsEncoderMeanWhateverTheBatching() {
        PointCloudVae m = new PointCloudVae(
                VaeConfig.defaults()
                        .withLatent(4)
                        .withPatches(2)
                        .withHidden(8)
                        .withEncoderWidths(3, 8)
                        .withHeadWidth(8),
                new SplittableRandom(1));
        SplittableRandom r = new SplittableRandom(2);
        List<float[]> clouds = new ArrayList<>();
        for (int i = 0; i < 7; i++)
            clouds.add(Tensor.randn(r, DType.FLOAT32, 20 * 3).toFloatArray());
        m.train(true);
        double[][] mu = EncodedMeans.of(m, clouds, 20, 3);
        assertTrue(m.isTraining(), "training mode is restored");
        assertEquals(7, mu.length);
        for (int i = 0; i < 7; i++) {
            double[] alone =
                    m.encode(Tensor.wrap(clouds.get(i).clone(), 1, 20, 3)).mu().toDoubleArray();
            assertArrayEquals(alone, mu[i], 1e-5, "cloud " + i);
        }
        assertFalse(Arrays.equals(mu[0], mu[1]));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> EncodedMeans.of(m, clouds, 30, 3));
        assertTrue(e.getMessage().contains("cloud 0"), e.getMessage());
    }
}
