package org.pointgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.io.Checkpoints;
import org.pointgrad.nn.layers.MLP;
import org.pointgrad.nn.layers.Sequential;
import org.pointgrad.nn.layers.Tanh;
import org.pointgrad.nn.optim.Adam;
import org.pointgrad.nn.optim.AdamW;
import org.pointgrad.nn.optim.GradientClipping;
import org.pointgrad.nn.optim.Optimizer;
import org.pointgrad.nn.optim.SGD;

/**
 * Every in-place write of nn (checkpoint loads, optimizer steps, gradient clipping) bumps the version of what it
 * writes, so cached inference plans are rebuilt and a backward through a graph recorded before the write is refused.
 */
class InPlaceVersionTest {
    private static Sequential net(long seed) {
        return MLP.builder(3, 5, 2).hidden(Tanh::new).dtype(DType.FLOAT64).build(new SplittableRandom(seed));
    }

    private static List<Integer> versions(Iterable<Tensor> tensors) {
        List<Integer> out = new ArrayList<>();
        for (Tensor t : tensors) out.add(t.version());
        return out;
    }

    private static void assertAllBumped(List<Integer> before, List<Integer> after, String what) {
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertTrue(
                    after.get(i) > before.get(i),
                    what + ": tensor " + i + " version " + before.get(i) + " -> " + after.get(i));
        }
    }

    private static Tensor loss(Sequential net) {
        Tensor x = Tensor.randn(new SplittableRandom(1), DType.FLOAT64, 4, 3);
        return net.forward(x).square().mean();
    }

    private static List<Tensor> grads(Sequential net) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : net.parameters()) out.add(p.grad());
        return out;
    }

    @Test
    void loadingACheckpointBumpsEveryParameter(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.safetensors");
        Checkpoints.saveModel(file, net(1), Map.of());
        Sequential target = net(2);
        List<Integer> before = versions(target.parameters());
        Checkpoints.loadModel(file, target, true);
        assertAllBumped(before, versions(target.parameters()), "loadModel");
    }

    @Test
    void everyOptimizerStepBumpsEveryParameter() {
        List<Function<Sequential, Optimizer>> optimizers = List.of(
                n -> new SGD(n.namedParameters(), 0.1),
                n -> new SGD(n.namedParameters(), 0.1, 0.9, 1e-4, true),
                n -> new Adam(n.namedParameters(), 1e-2),
                n -> new AdamW(n.namedParameters(), 1e-2));
        for (Function<Sequential, Optimizer> make : optimizers) {
            Sequential net = net(3);
            Optimizer opt = make.apply(net);
            for (int step = 0; step < 2; step++) {
                opt.zeroGrad();
                loss(net).backward();
                List<Integer> before = versions(net.parameters());
                opt.step();
                assertAllBumped(
                        before, versions(net.parameters()), opt.getClass().getSimpleName() + " step " + step);
            }
        }
    }

    @Test
    void clippingBumpsTheGradientsItChanges() {
        Sequential net = net(4);
        loss(net).backward();
        List<Integer> before = versions(grads(net));
        GradientClipping.clipByGlobalNorm(net.parameters(), 1e-6);
        assertAllBumped(before, versions(grads(net)), "clipByGlobalNorm");
        before = versions(grads(net));
        GradientClipping.clipByGlobalNorm(net.parameters(), 1e6);
        assertEquals(before, versions(grads(net)), "a norm already within the bound leaves the gradients alone");
    }

    @Test
    void clippingByValueBumpsTheGradientsItClamps() {
        Sequential net = net(5);
        loss(net).backward();
        Tensor g = net.parameters().get(0).grad();
        g.setFlat(0, 100.0);
        int before = g.version();
        GradientClipping.clipByValue(net.parameters(), 1.0);
        assertEquals(1.0, g.getFlat(0));
        assertTrue(g.version() > before, "clipByValue: version " + before + " -> " + g.version());
    }

    @Test
    void backwardAfterAnOptimizerStepChangedTheWeightsIsRefused() {
        Sequential net = net(6);
        Adam adam = new Adam(net.namedParameters(), 1e-2);
        loss(net).backward();
        Tensor stale = loss(net);
        adam.step();
        IllegalStateException e = assertThrows(IllegalStateException.class, stale::backward);
        assertTrue(e.getMessage().contains("modified in place after the forward"), e.getMessage());
    }

    @Test
    void backwardAfterACheckpointLoadChangedTheWeightsIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.safetensors");
        Checkpoints.saveModel(file, net(7), Map.of());
        Sequential net = net(8);
        Tensor stale = loss(net);
        Checkpoints.loadModel(file, net, true);
        IllegalStateException e = assertThrows(IllegalStateException.class, stale::backward);
        assertTrue(e.getMessage().contains("modified in place after the forward"), e.getMessage());
    }
}
