package org.pointgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.layers.MLP;
import org.pointgrad.nn.layers.Sequential;
import org.pointgrad.nn.layers.Tanh;

class OptimizerResumeTest {
    static Stream<Arguments> optimizers() {
        Function<Map<String, Tensor>, Optimizer> sgd = p -> new SGD(p, 0.05, 0.9, 1e-3, true);
        Function<Map<String, Tensor>, Optimizer> adam = p -> new Adam(p, 0.01, 0.9, 0.999, 1e-8, 1e-3);
        Function<Map<String, Tensor>, Optimizer> adamw = p -> new AdamW(p, 0.01);
        return Stream.of(DType.FLOAT32, DType.FLOAT64)
                .flatMap(d -> Stream.of(
                        Arguments.of("SGD", sgd, d), Arguments.of("Adam", adam, d), Arguments.of("AdamW", adamw, d)));
    }

    private static Sequential model(DType dtype, long seed) {
        return MLP.builder(3, 8, 2).hidden(Tanh::new).dtype(dtype).build(new SplittableRandom(seed));
    }

    private static void trainSteps(Sequential net, Optimizer opt, DType dtype, int from, int count) {
        for (int s = from; s < from + count; s++) {
            // A different batch each step, derived from the step index, so both runs see the same data.
            Tensor x = Tensor.randn(new SplittableRandom(100 + s), dtype, 4, 3);
            opt.zeroGrad();
            Tensor loss = net.forward(x).square().mean();
            loss.backward();
            opt.step();
        }
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("optimizers")
    void restoredOptimizerContinuesBitIdentically(
            String name, Function<Map<String, Tensor>, Optimizer> make, DType dtype) {
        Sequential a = model(dtype, 1);
        Optimizer optA = make.apply(a.namedParameters());
        trainSteps(a, optA, dtype, 0, 5);
        Map<String, Tensor> savedModel = new LinkedHashMap<>();
        a.stateDict().forEach((k, v) -> savedModel.put(k, v.copy()));
        Map<String, Tensor> savedOpt = optA.stateDict();
        trainSteps(a, optA, dtype, 5, 5);

        Sequential b = model(dtype, 999);
        b.stateDict().forEach((k, v) -> {
            Tensor src = savedModel.get(k);
            for (int i = 0; i < v.numel(); i++) v.setFlat(i, src.getFlat(i));
        });
        Optimizer optB = make.apply(b.namedParameters());
        optB.loadStateDict(savedOpt);
        assertEquals(5, optB.stepCount());
        trainSteps(b, optB, dtype, 5, 5);

        for (var e : a.namedParameters().entrySet()) {
            assertArrayEquals(
                    e.getValue().toDoubleArray(),
                    b.namedParameters().get(e.getKey()).toDoubleArray(),
                    0.0,
                    name + " " + e.getKey());
        }
        assertEquals(optA.stateDict().keySet(), optB.stateDict().keySet());
    }

    @Test
    void stateKeysFollowTheNamingScheme() {
        Sequential net = model(DType.FLOAT32, 1);
        Adam adam = new Adam(net.namedParameters(), 0.01);
        SGD sgd = new SGD(net.namedParameters(), 0.01, 0.9, 0, false);
        trainSteps(net, adam, DType.FLOAT32, 0, 1);
        trainSteps(net, sgd, DType.FLOAT32, 0, 1);
        Map<String, Tensor> as = adam.stateDict(), ss = sgd.stateDict();
        assertTrue(
                as.containsKey("exp_avg.0.weight") && as.containsKey("exp_avg_sq.2.bias") && as.containsKey("step"),
                as.keySet().toString());
        assertTrue(
                ss.containsKey("momentum_buffer.0.weight") && ss.containsKey("step"),
                ss.keySet().toString());
        assertFalse(ss.keySet().stream().anyMatch(k -> k.startsWith("exp_avg")));
        assertEquals(1.0, as.get("step").item());
    }

    @Test
    void savedStateIsASnapshot() {
        Sequential net = model(DType.FLOAT64, 1);
        Adam adam = new Adam(net.namedParameters(), 0.01);
        trainSteps(net, adam, DType.FLOAT64, 0, 1);
        Map<String, Tensor> s = adam.stateDict();
        double before = s.get("exp_avg.0.weight").getFlat(0);
        trainSteps(net, adam, DType.FLOAT64, 1, 1);
        assertEquals(before, s.get("exp_avg.0.weight").getFlat(0), 0.0);
    }

    @Test
    void loadRejectsBadEntriesByName() {
        Sequential net = model(DType.FLOAT64, 1);
        Adam adam = new Adam(net.namedParameters(), 0.01);
        trainSteps(net, adam, DType.FLOAT64, 0, 1);
        Map<String, Tensor> s = new LinkedHashMap<>(adam.stateDict());
        s.put("exp_avg.0.weight", Tensor.zeros(DType.FLOAT64, 3, 3));
        var e = assertThrows(
                IllegalArgumentException.class, () -> new Adam(net.namedParameters(), 0.01).loadStateDict(s));
        assertTrue(e.getMessage().contains("exp_avg.0.weight"), e.getMessage());

        Map<String, Tensor> s2 = new LinkedHashMap<>(adam.stateDict());
        s2.put("exp_avg.nope", Tensor.zeros(DType.FLOAT64, 1));
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(net.namedParameters(), 0.01).loadStateDict(s2));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());

        Map<String, Tensor> s3 = new LinkedHashMap<>(adam.stateDict());
        s3.remove("step");
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(net.namedParameters(), 0.01).loadStateDict(s3));
        assertTrue(e.getMessage().contains("'step'"), e.getMessage());
    }
}
