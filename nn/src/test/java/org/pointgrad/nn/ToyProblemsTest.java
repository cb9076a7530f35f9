package org.pointgrad.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.layers.MLP;
import org.pointgrad.nn.layers.Sequential;
import org.pointgrad.nn.layers.Tanh;
import org.pointgrad.nn.optim.Adam;
import org.pointgrad.nn.optim.GradientClipping;
import org.pointgrad.nn.optim.Optimizer;
import org.pointgrad.nn.optim.SGD;
import org.pointgrad.nn.schedule.Cosine;
import org.pointgrad.nn.schedule.LinearWarmup;
import org.pointgrad.nn.schedule.Schedule;

/** End-to-end: small MLPs trained by the optimizers fit problems a linear model cannot. */
class ToyProblemsTest {
    @SuppressWarnings("try") // the no-grad scope is used only for its effect
    private static double train(
            Sequential net, Optimizer opt, Tensor x, Tensor y, int steps, double lr, Schedule schedule) {
        for (int s = 0; s < steps; s++) {
            if (schedule != null) schedule.apply(opt, lr, (double) s / steps, 1.0);
            opt.zeroGrad();
            Tensor loss = net.forward(x).sub(y).square().mean();
            loss.backward();
            GradientClipping.clipByGlobalNorm(net.parameters(), 10.0);
            opt.step();
        }
        try (var ignored = Autograd.noGrad()) {
            return net.forward(x).sub(y).square().mean().item();
        }
    }

    @Test
    void adamFitsXor() {
        Tensor x = Tensor.of(new double[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        Tensor y = Tensor.of(new double[] {0, 1, 1, 0}, 4, 1);
        Sequential net =
                MLP.builder(2, 8, 1).hidden(Tanh::new).dtype(DType.FLOAT64).build(new SplittableRandom(1));
        double mse = train(net, new Adam(net.namedParameters(), 0.05), x, y, 400, 0.05, null);
        assertTrue(mse < 0.01, "XOR MSE " + mse);
    }

    @Test
    void sgdWithMomentumFitsXorInFloat32() {
        Tensor x = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
        Sequential net = MLP.builder(2, 8, 1).hidden(Tanh::new).build(new SplittableRandom(2));
        double mse = train(net, new SGD(net.namedParameters(), 0.1, 0.9, 0.0, true), x, y, 600, 0.1, null);
        assertTrue(mse < 0.01, "XOR MSE " + mse);
    }

    @Test
    @SuppressWarnings("try")
    void adamFitsSineOnMinusThreeToThree() {
        int n = 32;
        double[] xs = new double[n], ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = -3 + 6.0 * i / (n - 1);
            ys[i] = Math.sin(xs[i]);
        }
        Tensor x = Tensor.of(xs, n, 1), y = Tensor.of(ys, n, 1);
        Sequential net =
                MLP.builder(1, 32, 32, 1).hidden(Tanh::new).dtype(DType.FLOAT64).build(new SplittableRandom(3));
        Schedule schedule = new LinearWarmup(new Cosine(0.1, 0), 0.05, 0.1, false);
        double mse = train(net, new Adam(net.namedParameters(), 0.03), x, y, 500, 0.03, schedule);
        assertTrue(mse < 0.01, "sin MSE " + mse);
        // Between the training points too: the net has fitted the curve, not just the samples.
        double[] mid = new double[n - 1], midY = new double[n - 1];
        for (int i = 0; i < n - 1; i++) {
            mid[i] = (xs[i] + xs[i + 1]) / 2;
            midY[i] = Math.sin(mid[i]);
        }
        try (var ignored = Autograd.noGrad()) {
            double heldOut = net.forward(Tensor.of(mid, n - 1, 1))
                    .sub(Tensor.of(midY, n - 1, 1))
                    .square()
                    .mean()
                    .item();
            assertTrue(heldOut < 0.01, "sin held-out MSE " + heldOut);
        }
    }
}
