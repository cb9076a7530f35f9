package org.pointgrad.nn.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;

/**
 * Stochastic gradient descent with PyTorch's semantics ({@code torch.optim.SGD}, dampening 0):
 * <pre>
 *   g = grad + weightDecay * p
 *   buf = (first step) g  else  momentum * buf + g
 *   g = nesterov ? g + momentum * buf : buf          (only when momentum != 0)
 *   p = p - lr * g
 * </pre>
 * Arithmetic runs in the parameter's dtype. State: {@code momentum_buffer.<param>} and {@code step}, {@code lr}.
 */
public final class SGD extends Optimizer {
    private final double momentum;
    private final double weightDecay;
    private final boolean nesterov;
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();

    /** Plain SGD. */
    public SGD(Map<String, Tensor> namedParameters, double lr) {
        this(namedParameters, lr, 0.0, 0.0, false);
    }

    /** SGD with momentum, L2 weight decay (added to the gradient) and optional Nesterov momentum. */
    public SGD(Map<String, Tensor> namedParameters, double lr, double momentum, double weightDecay, boolean nesterov) {
        super(namedParameters, lr);
        if (!(momentum >= 0)) throw new IllegalArgumentException("SGD: momentum must be >= 0, got " + momentum);
        if (!(weightDecay >= 0))
            throw new IllegalArgumentException("SGD: weight decay must be >= 0, got " + weightDecay);
        if (nesterov && momentum == 0)
            throw new IllegalArgumentException("SGD: Nesterov momentum requires momentum > 0");
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    @Override
    public void step() {
        for (var e : params.entrySet()) {
            Tensor p = e.getValue();
            Tensor grad = p.grad();
            if (grad == null) continue;
            Tensor buf = null;
            boolean first = false;
            if (momentum != 0) {
                buf = buffers.get(e.getKey());
                if (buf == null) {
                    buf = Tensor.zerosLike(p);
                    buffers.put(e.getKey(), buf);
                    first = true;
                }
            }
            if (p.dtype() == DType.FLOAT64) {
                update(p.doubleData(), grad.doubleData(), buf == null ? null : buf.doubleData(), first);
            } else {
                update(p.floatData(), grad.floatData(), buf == null ? null : buf.floatData(), first);
            }
            p.bumpVersion();
            if (buf != null) buf.bumpVersion();
        }
        steps++;
    }

    private void update(double[] p, double[] g, double[] buf, boolean first) {
        double lr = learningRate, wd = weightDecay, mu = momentum;
        for (int i = 0; i < p.length; i++) {
            double d = g[i];
            if (wd != 0) d = d + wd * p[i];
            if (buf != null) {
                buf[i] = first ? d : mu * buf[i] + d;
                d = nesterov ? d + mu * buf[i] : buf[i];
            }
            p[i] = p[i] - lr * d;
        }
    }

    private void update(float[] p, float[] g, float[] buf, boolean first) {
        float lr = (float) learningRate, wd = (float) weightDecay, mu = (float) momentum;
        for (int i = 0; i < p.length; i++) {
            float d = g[i];
            if (wd != 0) d = d + wd * p[i];
            if (buf != null) {
                buf[i] = first ? d : mu * buf[i] + d;
                d = nesterov ? d + mu * buf[i] : buf[i];
            }
            p[i] = p[i] - lr * d;
        }
    }

    /** Copies of the momentum buffers plus {@code step} and {@code lr}. */
    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("step", StateDicts.count(steps));
        out.put("lr", Tensor.scalar(learningRate));
        for (var e : buffers.entrySet())
            out.put("momentum_buffer." + e.getKey(), e.getValue().copy());
        return out;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> loaded = new LinkedHashMap<>();
        for (var e : state.entrySet()) {
            String k = e.getKey();
            if (k.equals("step") || k.equals("lr")) continue;
            if (!k.startsWith("momentum_buffer."))
                throw new IllegalArgumentException("SGD.loadStateDict: unexpected entry '" + k + "'");
            if (momentum == 0)
                throw new IllegalArgumentException(
                        "SGD.loadStateDict: entry '" + k + "' but this optimizer has no momentum");
            Tensor p = StateDicts.paramFor("SGD", k, "momentum_buffer.", params);
            loaded.put(k.substring("momentum_buffer.".length()), StateDicts.like("SGD", k, e.getValue(), p));
        }
        long step = StateDicts.countEntry("SGD", state, "step");
        double lr = StateDicts.scalar("SGD", state, "lr");
        setLearningRate(lr);
        steps = step;
        buffers.clear();
        buffers.putAll(loaded);
    }
}
