package org.pointgrad.vae.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.diagnostics.FlowFlag;
import org.pointgrad.nn.diagnostics.GradientFlowMonitor;
import org.pointgrad.nn.diagnostics.GradientFlowReport;
import org.pointgrad.nn.diagnostics.ParameterFlow;
import org.pointgrad.nn.diagnostics.ReachabilitySource;
import org.pointgrad.nn.optim.SGD;
import org.pointgrad.vae.diagnostics.TinyVae.Wiring;

/** A VAE's logvar head: which wiring mistakes the report catches and how VaeFlowExplainer explains them. */
class VaeGradientFlowTest {
    private static final List<String> LOGVAR = List.of("encoder.logvar.weight", "encoder.logvar.bias");

    private static Tensor batch() {
        return Tensor.randn(new SplittableRandom(3), DType.FLOAT64, 8, 5);
    }

    @Test
    void disconnectedLogvarHeadIsExactlyWhatGetsNoGradPath() {
        TinyVae vae = new TinyVae(5, 6, 2, 1);
        GradientFlowMonitor monitor = new GradientFlowMonitor(vae, VaeFlowExplainer.options());
        vae.zeroGrad();
        Tensor loss = vae.loss(batch(), Wiring.LOGVAR_DISCONNECTED, 1.0, true, new SplittableRandom(4));
        monitor.watch(loss);
        loss.backward();
        GradientFlowReport walked = monitor.report();
        GradientFlowReport inferred = GradientFlowReport.of(vae, VaeFlowExplainer.options());

        for (GradientFlowReport r : List.of(walked, inferred)) {
            assertEquals(LOGVAR, r.namesWith(FlowFlag.NO_GRAD_PATH), r.toTable());
            assertEquals(LOGVAR, r.flagged().stream().map(ParameterFlow::name).toList(), r.toTable());
            assertTrue(!r.row("encoder.logvar.weight").reachable());
            assertTrue(r.row("encoder.mu.weight").gradNorm() > 0);
            assertTrue(
                    r.summary().contains("2 flagged: NO_GRAD_PATH encoder.logvar.weight, encoder.logvar.bias"),
                    r.summary());
            assertTrue(r.explanations().stream().anyMatch(e -> e.contains("variance head")), r.toTable());
        }
        assertEquals(ReachabilitySource.GRAPH_WALK, walked.reachabilitySource());
        assertEquals(ReachabilitySource.GRADIENT_PRESENCE, inferred.reachabilitySource());
        if (Boolean.getBoolean("pointgrad.printReports")) System.out.println(walked);
    }

    @Test
    void correctWiringWithKlTrainsLogvar() {
        TinyVae vae = new TinyVae(5, 6, 2, 1);
        SGD sgd = new SGD(vae.namedParameters(), 0.1);
        GradientFlowMonitor monitor = new GradientFlowMonitor(vae, VaeFlowExplainer.options());
        sgd.zeroGrad();
        Tensor loss = vae.loss(batch(), Wiring.CORRECT, 1.0, true, new SplittableRandom(4));
        monitor.watch(loss);
        loss.backward();
        monitor.beforeStep();
        sgd.step();
        GradientFlowReport r = monitor.afterStep();
        assertTrue(r.flagged().isEmpty(), r.toTable());
        for (String name : LOGVAR) {
            ParameterFlow row = r.row(name);
            assertTrue(
                    row.reachable() && row.gradNorm() > 0 && row.updateNorm() > 0 && row.updateRatio() > 0,
                    r.toTable());
            // SGD without momentum moves by exactly lr * grad.
            assertEquals(0.1 * row.gradNorm(), row.updateNorm(), 1e-12);
        }
    }

    @Test
    void betaZeroWithSamplingStillTrainsLogvarThroughEpsTimesSigma() {
        TinyVae vae = new TinyVae(5, 6, 2, 1);
        for (boolean klAsZeroTimes : new boolean[] {false, true}) {
            vae.zeroGrad();
            Tensor loss = vae.loss(batch(), Wiring.CORRECT, 0.0, klAsZeroTimes, new SplittableRandom(4));
            GradientFlowMonitor monitor = new GradientFlowMonitor(vae, VaeFlowExplainer.options());
            monitor.watch(loss);
            loss.backward();
            GradientFlowReport r = monitor.report();
            for (String name : LOGVAR) {
                assertTrue(r.row(name).gradNorm() > 0, r.toTable());
                assertTrue(r.row(name).flags().isEmpty(), r.toTable());
            }
        }
    }

    @Test
    void samplingOffWithZeroKlGivesLogvarZeroGradAndExplainsWhy() {
        TinyVae vae = new TinyVae(5, 6, 2, 1);
        vae.eval();
        SGD sgd = new SGD(vae.namedParameters(), 0.1);
        GradientFlowMonitor monitor = new GradientFlowMonitor(vae, VaeFlowExplainer.options());
        sgd.zeroGrad();
        Tensor loss = vae.loss(batch(), Wiring.CORRECT, 0.0, true, new SplittableRandom(4));
        monitor.watch(loss);
        loss.backward();
        monitor.beforeStep();
        sgd.step();
        GradientFlowReport r = monitor.afterStep();
        for (String name : LOGVAR) {
            ParameterFlow row = r.row(name);
            assertTrue(row.reachable(), r.toTable());
            assertEquals(0.0, row.gradNorm());
            assertEquals(1.0, row.zeroFraction());
            assertEquals(Set.of(FlowFlag.ZERO_GRAD, FlowFlag.NOT_UPDATED), row.flags(), r.toTable());
        }
        assertEquals(LOGVAR, r.flagged().stream().map(ParameterFlow::name).toList(), r.toTable());
        assertTrue(
                r.explanations().stream()
                        .anyMatch(e -> e.startsWith("ZERO_GRAD encoder.logvar.weight, encoder.logvar.bias")
                                && e.contains(
                                        "sigma receives no gradient from the reconstruction term when sampling is off")
                                && e.contains("eval mode")),
                r.toTable());
        assertTrue(
                r.toTable().contains("sigma receives no gradient from the reconstruction term when sampling is off"));
        if (Boolean.getBoolean("pointgrad.printReports")) System.out.println(r);
    }
}
