package org.pointgrad.nn.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.Module;
import org.pointgrad.nn.io.TwoLayerNet;

class GradientFlowReportTest {
    /** A ReLU layer whose first {@code deadCount} units have a bias so negative they never activate. */
    static final class ReluLayer extends Module {
        final Tensor weight;
        final Tensor bias;
        final boolean outInLayout;

        ReluLayer(int in, int out, int deadCount, boolean outInLayout) {
            this.outInLayout = outInLayout;
            SplittableRandom rng = new SplittableRandom(5);
            weight = registerParameter(
                    "weight",
                    outInLayout
                            ? Tensor.randn(rng, DType.FLOAT64, out, in)
                            : Tensor.randn(rng, DType.FLOAT64, in, out));
            bias = registerParameter("bias", Tensor.zeros(DType.FLOAT64, out));
            for (int u = 0; u < deadCount; u++) bias.setFlat(u, -100);
        }

        Tensor forward(Tensor x) {
            return x.matmul(outInLayout ? weight.transpose(0, 1) : weight)
                    .add(bias)
                    .relu();
        }
    }

    @Test
    void deadReluUnitsAreCountedInEitherWeightLayout() {
        for (boolean outIn : new boolean[] {false, true}) {
            ReluLayer layer = new ReluLayer(3, 5, 2, outIn);
            Tensor x = Tensor.randn(new SplittableRandom(6), DType.FLOAT64, 16, 3);
            layer.forward(x).sum().backward();
            GradientFlowReport r = GradientFlowReport.of(layer);
            ParameterFlow w = r.row("weight");
            assertEquals(2, w.deadUnits(), r.toTable());
            assertEquals(5, w.units());
            assertEquals(Set.of(FlowFlag.DEAD_UNITS), w.flags(), r.toTable());
            assertTrue(r.row("bias").zeroFraction() >= 2.0 / 5, r.toTable());
            assertTrue(
                    r.explanations().stream().anyMatch(e -> e.startsWith("DEAD_UNITS weight: 2 of 5 output units")),
                    r.toTable());
        }
    }

    @Test
    void hugeLossScaleAndNonFiniteGradientsAreExploding() {
        TwoLayerNet net = new TwoLayerNet(3, 4, 2, DType.FLOAT64, 1);
        Tensor x = Tensor.randn(new SplittableRandom(2), DType.FLOAT64, 6, 3);
        net.forward(x).square().mean().backward();
        GradientFlowReport normal = GradientFlowReport.of(net);
        assertTrue(normal.namesWith(FlowFlag.EXPLODING).isEmpty(), normal.toTable());

        net.zeroGrad();
        net.forward(x).square().mean().mul(1e9).backward();
        GradientFlowReport scaled = GradientFlowReport.of(net);
        assertTrue(scaled.namesWith(FlowFlag.EXPLODING).contains("fc2.weight"), scaled.toTable());
        double norm = scaled.row("fc2.weight").gradNorm();
        assertTrue(GradientFlowReport.of(net, GradientFlowOptions.defaults().withExplodingThreshold(norm * 2))
                .namesWith(FlowFlag.EXPLODING)
                .isEmpty());

        net.zeroGrad();
        net.forward(x).square().mean().mul(Double.POSITIVE_INFINITY).backward();
        GradientFlowReport inf = GradientFlowReport.of(net);
        ParameterFlow row = inf.row("fc2.weight");
        assertTrue(row.nonFinite() > 0 && row.has(FlowFlag.EXPLODING), inf.toTable());
    }

    @Test
    void reachabilityWalkHandlesDeepGraphsAndRefusesFreedGraphs() {
        TwoLayerNet net = new TwoLayerNet(2, 2, 1, DType.FLOAT64, 1);
        Tensor t = net.fc2.bias.mul(1.0);
        for (int i = 0; i < 200_000; i++) t = t.add(1.0);
        Tensor loss = t.sum();
        assertEquals(Set.of("fc2.bias"), GradientFlowReport.reachableParameters(loss, net));
        loss.backward();
        assertThrows(IllegalStateException.class, () -> GradientFlowReport.reachableParameters(loss, net));
    }

    @Test
    void staleGradientsFromAnEarlierBackwardAreCalledOut() {
        TwoLayerNet net = new TwoLayerNet(2, 3, 1, DType.FLOAT64, 1);
        Tensor x = Tensor.randn(new SplittableRandom(2), DType.FLOAT64, 4, 2);
        net.forward(x).sum().backward();
        // Second loss uses only fc1, without zeroGrad in between: fc2's gradient is stale.
        Tensor loss = net.fc1.forward(x).tanh().sum();
        GradientFlowMonitor m = new GradientFlowMonitor(net);
        m.watch(loss);
        loss.backward();
        GradientFlowReport walked = m.report();
        assertEquals(List.of("fc2.weight", "fc2.bias"), walked.namesWith(FlowFlag.NO_GRAD_PATH));
        assertTrue(walked.explanations().get(0).contains("stale"), walked.toTable());
        // Inferring from gradient presence cannot see this: that is why zeroGrad() first is required for it.
        assertTrue(GradientFlowReport.of(net).namesWith(FlowFlag.NO_GRAD_PATH).isEmpty());
    }

    @Test
    void reportBeforeBackwardSaysSo() {
        TwoLayerNet net = new TwoLayerNet(3, 4, 2, DType.FLOAT64, 1);
        GradientFlowReport r = GradientFlowReport.of(net);
        assertEquals(4, r.namesWith(FlowFlag.NO_GRAD_PATH).size());
        assertTrue(r.explanations().get(0).contains("was backward() run"), r.toTable());
    }

    @Test
    void tableIsAlignedAndUpdateColumnsAppearOnlyAfterAStep() {
        TwoLayerNet net = new TwoLayerNet(3, 4, 2, DType.FLOAT64, 1);
        Tensor x = Tensor.randn(new SplittableRandom(2), DType.FLOAT64, 6, 3);
        net.forward(x).square().mean().backward();
        String table = GradientFlowReport.of(net).toTable();
        String[] lines = table.split("\n");
        assertTrue(lines[0].startsWith("parameter") && !lines[0].contains("upd/w"), table);
        int gradCol = lines[0].indexOf("grad_norm") + "grad_norm".length();
        for (int i = 1; i <= 4; i++) {
            // Right-aligned numbers end in the same column as their header.
            assertTrue(Character.isDigit(lines[i].charAt(gradCol - 1)), table);
            assertEquals(' ', lines[i].charAt(gradCol), table);
        }
        GradientFlowMonitor m = new GradientFlowMonitor(net);
        m.beforeStep();
        net.fc1.weight.setFlat(0, net.fc1.weight.getFlat(0) + 0.5);
        GradientFlowReport r = m.afterStep();
        assertTrue(r.toTable().split("\n")[0].contains("upd/w"), r.toTable());
        assertEquals(0.5, r.row("fc1.weight").updateNorm(), 1e-15);
        assertEquals(List.of("fc1.bias", "fc2.weight", "fc2.bias"), r.namesWith(FlowFlag.NOT_UPDATED));
        assertThrows(IllegalStateException.class, m::afterStep);
    }

    @Test
    void explainersAddTheirLinesAfterTheGenericOnes() {
        TwoLayerNet net = new TwoLayerNet(3, 4, 2, DType.FLOAT64, 1);
        Tensor x = Tensor.randn(new SplittableRandom(2), DType.FLOAT64, 6, 3);
        net.fc1.forward(x).square().mean().backward(); // fc2 never used
        FlowExplainer domain =
                r -> FlowExplainer.rowsWith(r, FlowFlag.NO_GRAD_PATH).isEmpty()
                        ? List.of()
                        : List.of("domain: " + FlowExplainer.names(FlowExplainer.rowsWith(r, FlowFlag.NO_GRAD_PATH)));
        GradientFlowReport plain = GradientFlowReport.of(net);
        GradientFlowReport explained =
                GradientFlowReport.of(net, GradientFlowOptions.defaults().withExplainer(domain));
        assertEquals(plain.explanations().size() + 1, explained.explanations().size(), explained.toTable());
        assertEquals(
                plain.explanations(),
                explained.explanations().subList(0, plain.explanations().size()));
        assertEquals(
                "domain: fc2.weight, fc2.bias",
                explained.explanations().get(explained.explanations().size() - 1));
        assertTrue(explained.toTable().contains("  * domain: fc2.weight, fc2.bias\n"), explained.toTable());
        assertTrue(
                plain.explanations().stream().noneMatch(e -> e.contains("KL") || e.contains("sigma")), plain.toTable());
    }
}
