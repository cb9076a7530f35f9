package org.pointgrad.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.io.Checkpoints;
import org.pointgrad.nn.layers.MLP;
import org.pointgrad.nn.layers.Sequential;
import org.pointgrad.nn.layers.Tanh;
import org.pointgrad.nn.optim.Adam;

/** The README's nn example: fit sin(x) with an MLP and Adam, save a checkpoint, reload it into a fresh model. */
class ReadmeExampleTest {
    @Test
    void readmeExample(@TempDir Path dir) throws Exception {
        // README example begins
        var rng = new SplittableRandom(7);
        Sequential net = MLP.builder(1, 32, 32, 1).hidden(Tanh::new).dtype(DType.FLOAT64).build(rng);
        Tensor x = Tensor.uniform(rng, DType.FLOAT64, -3, 3, 256, 1);
        Tensor y = Tensor.of(java.util.Arrays.stream(x.toDoubleArray()).map(Math::sin).toArray(), 256, 1);
        Adam adam = new Adam(net.namedParameters(), 1e-2);
        for (int step = 0; step < 1500; step++) {
            adam.zeroGrad();
            Tensor loss = net.forward(x).sub(y).square().mean();
            loss.backward();
            adam.step();
        }
        Path file = dir.resolve("sine.safetensors");
        Checkpoints.saveModel(file, net, Map.of("task", "sin(x) on [-3, 3]"));
        Sequential copy = MLP.builder(1, 32, 32, 1).hidden(Tanh::new).dtype(DType.FLOAT64).build(new SplittableRandom(99));
        Checkpoints.loadModel(file, copy, true);
        // README example ends
        try (var s = Autograd.noGrad()) {
            double mse = net.forward(x).sub(y).square().mean().item();
            assertTrue(mse < 1e-2, "mse " + mse);
            assertArrayEquals(net.forward(x).toDoubleArray(), copy.forward(x).toDoubleArray(), 0.0);
        }
        assertEquals("sin(x) on [-3, 3]", Checkpoints.readConfig(file).get("task"));
    }
}
