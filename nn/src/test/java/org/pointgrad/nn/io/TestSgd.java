package org.pointgrad.nn.io;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.nn.optim.Optimizer;

/** Test-only SGD with momentum: v = mu v + g; w -= lr v. State: {@code momentum.<name>} and {@code step}. */
public final class TestSgd extends Optimizer {
    private final double momentum;
    private final Map<String, Tensor> velocity = new LinkedHashMap<>();

    public TestSgd(Map<String, Tensor> params, double lr, double momentum) {
        super(params, lr);
        this.momentum = momentum;
    }

    @Override
    public void step() {
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            Tensor w = e.getValue();
            Tensor g = w.grad();
            if (g == null) continue;
            Tensor v = velocity.computeIfAbsent(e.getKey(), k -> Tensor.zerosLike(w));
            for (int i = 0; i < w.numel(); i++) {
                double vi = momentum * v.getFlat(i) + g.getFlat(i);
                v.setFlat(i, vi);
                w.setFlat(i, w.getFlat(i) - learningRate * vi);
            }
        }
        steps++;
    }

    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : velocity.entrySet())
            out.put("momentum." + e.getKey(), e.getValue().copy());
        out.put("step", Tensor.scalar(steps));
        return out;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        Tensor step = state.get("step");
        if (step == null) throw new IllegalArgumentException("optimizer state lacks 'step'");
        Map<String, Tensor> restored = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            if (e.getKey().equals("step")) continue;
            String name = e.getKey().substring("momentum.".length());
            Tensor p = params.get(name);
            if (p == null) throw new IllegalArgumentException("optimizer state for unknown parameter " + name);
            if (!Arrays.equals(p.shape(), e.getValue().shape()))
                throw new IllegalArgumentException("mis-shaped state " + e.getKey());
            restored.put(name, e.getValue().to(p.dtype()).copy());
        }
        velocity.clear();
        velocity.putAll(restored);
        steps = (long) step.to(DType.FLOAT64).item();
    }
}
