package org.pointgrad.vae.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.GradCheck;
import org.pointgrad.autodiff.GradCheckReport;
import org.pointgrad.autodiff.Tensor;

class PointCloudVaeTest {
    @Test
    void referenceArchitectureHasTheReferenceParameterCount() {
        // 253,784 parameters in shared/ref/vae_ref.py.
        assertEquals(253_784, new PointCloudVae(VaeConfig.defaults(), new SplittableRandom(0)).parameterCount());
    }

    @Test
    void shapesAndEvalDeterminism() {
        PointCloudVae m = new PointCloudVae(
                VaeConfig.defaults()
                        .withLatent(4)
                        .withPatches(2)
                        .withHidden(8)
                        .withEncoderWidths(3, 8)
                        .withHeadWidth(8),
                new SplittableRandom(1));
        Tensor x = Tensor.randn(new SplittableRandom(2), DType.FLOAT32, 3, 20, 3);
        PointCloudVae.Output o = m.forward(x, 20, new SplittableRandom(3));
        assertArrayEquals(new int[] {3, 20, 3}, o.reconstruction().shape());
        assertArrayEquals(new int[] {3, 4}, o.mu().shape());
        Tensor r1 = m.reconstruct(x, 20), r2 = m.reconstruct(x, 20);
        assertArrayEquals(r1.toFloatArray(), r2.toFloatArray());
        for (float v : r1.toFloatArray()) assertTrue(v >= -1 && v <= 1, "tanh output out of range: " + v);
    }

    @Test
    void decoderSplitFirstLayerMatchesTheConcatenatedInputForm() {
        // The latent part computed once per shape must equal Linear(concat(template, z)) per point.
        VaeConfig c = VaeConfig.defaults()
                .withLatent(3)
                .withPatches(1)
                .withHidden(5)
                .withDtype(DType.FLOAT64)
                .withEncoderWidths(3, 4)
                .withHeadWidth(4);
        PointCloudVae m = new PointCloudVae(c, new SplittableRandom(4));
        m.eval();
        Tensor z = Tensor.randn(new SplittableRandom(5), DType.FLOAT64, 2, 3);
        Tensor out = m.decoder().forward(z, 4, null);
        Tensor grid = AtlasNetDecoder.Templates.regular(VaeConfig.Template.SQUARE, 4, DType.FLOAT64);
        var net = (org.pointgrad.nn.layers.Sequential)
                m.decoder().children().get("patches").children().get("0");
        for (int b = 0; b < 2; b++) {
            Tensor zz = z.narrow(0, b, 1).expand(4, 3);
            Tensor in = Tensor.concat(1, grid, zz);
            Tensor ref = net.forward(in);
            assertArrayEquals(
                    ref.toDoubleArray(), out.narrow(0, b, 1).reshape(4, 3).toDoubleArray(), 1e-12);
        }
    }

    @Test
    void wholeModelGradientCheckInFloat64() {
        VaeConfig c = VaeConfig.defaults()
                .withLatent(2)
                .withPatches(2)
                .withHidden(4)
                .withDtype(DType.FLOAT64)
                .withEncoderWidths(3, 4)
                .withHeadWidth(3);
        PointCloudVae m = new PointCloudVae(c, new SplittableRandom(6));
        m.eval();
        Tensor x = Tensor.randn(new SplittableRandom(7), DType.FLOAT64, 2, 5, 3).requiresGrad(true);
        GradCheckReport r = GradCheck.check(
                in -> m.decoder().forward(m.encoder().forward(in[0]).mu(), 3, null), x);
        assertTrue(r.passed(), r::toString);
    }
}
