package org.pointgrad.nn.optim;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;

/**
 * The Adam update shared by {@link Adam} (L2 weight decay added to the gradient) and {@link AdamW} (decoupled
 * weight decay), following torch.optim.Adam/AdamW without amsgrad:
 * <pre>
 *   t = t + 1                                   (per parameter, counted only when it has a gradient)
 *   AdamW: p = p * (1 - lr * wd)      Adam: g = g + wd * p
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * Arithmetic runs in the parameter's dtype (coefficients are computed in double and rounded once).
 */
abstract class AdamBase extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private final Map<String, Tensor> expAvg = new LinkedHashMap<>();
    private final Map<String, Tensor> expAvgSq = new LinkedHashMap<>();
    private final Map<String, Long> paramSteps = new HashMap<>();

    AdamBase(
            Map<String, Tensor> namedParameters,
            double lr,
            double beta1,
            double beta2,
            double eps,
            double weightDecay,
            boolean decoupled) {
        super(namedParameters, lr);
        String name = getClass().getSimpleName();
        if (!(beta1 >= 0 && beta1 < 1))
            throw new IllegalArgumentException(name + ": beta1 must be in [0, 1), got " + beta1);
        if (!(beta2 >= 0 && beta2 < 1))
            throw new IllegalArgumentException(name + ": beta2 must be in [0, 1), got " + beta2);
        if (!(eps >= 0)) throw new IllegalArgumentException(name + ": eps must be >= 0, got " + eps);
        if (!(weightDecay >= 0))
            throw new IllegalArgumentException(name + ": weight decay must be >= 0, got " + weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    @Override
    public void step() {
        for (var e : params.entrySet()) {
            String name = e.getKey();
            Tensor p = e.getValue();
            Tensor grad = p.grad();
            if (grad == null) continue;
            Tensor m = expAvg.computeIfAbsent(name, k -> Tensor.zerosLike(p));
            Tensor v = expAvgSq.computeIfAbsent(name, k -> Tensor.zerosLike(p));
            long t = paramSteps.merge(name, 1L, Long::sum);
            double bc1 = 1 - Math.pow(beta1, t);
            double bc2 = 1 - Math.pow(beta2, t);
            double stepSize = learningRate / bc1;
            double bc2Sqrt = Math.sqrt(bc2);
            if (p.dtype() == DType.FLOAT64) {
                update(p.doubleData(), grad.doubleData(), m.doubleData(), v.doubleData(), stepSize, bc2Sqrt);
            } else {
                update(p.floatData(), grad.floatData(), m.floatData(), v.floatData(), stepSize, bc2Sqrt);
            }
            p.bumpVersion();
            m.bumpVersion();
            v.bumpVersion();
        }
        steps++;
    }

    private void update(double[] p, double[] g, double[] m, double[] v, double stepSize, double bc2Sqrt) {
        double b1 = beta1, b2 = beta2, omb1 = 1 - beta1, omb2 = 1 - beta2, wd = weightDecay, e = eps;
        double decay = 1 - learningRate * weightDecay;
        for (int i = 0; i < p.length; i++) {
            double gi = g[i];
            if (wd != 0) {
                if (decoupled) p[i] = p[i] * decay;
                else gi = gi + wd * p[i];
            }
            m[i] = b1 * m[i] + omb1 * gi;
            v[i] = b2 * v[i] + omb2 * gi * gi;
            double denom = Math.sqrt(v[i]) / bc2Sqrt + e;
            p[i] = p[i] - stepSize * m[i] / denom;
        }
    }

    private void update(float[] p, float[] g, float[] m, float[] v, double stepSizeD, double bc2SqrtD) {
        float b1 = (float) beta1, b2 = (float) beta2, omb1 = (float) (1 - beta1), omb2 = (float) (1 - beta2);
        float wd = (float) weightDecay, e = (float) eps, stepSize = (float) stepSizeD, bc2Sqrt = (float) bc2SqrtD;
        float decay = (float) (1 - learningRate * weightDecay);
        for (int i = 0; i < p.length; i++) {
            float gi = g[i];
            if (wd != 0) {
                if (decoupled) p[i] = p[i] * decay;
                else gi = gi + wd * p[i];
            }
            m[i] = b1 * m[i] + omb1 * gi;
            v[i] = b2 * v[i] + omb2 * gi * gi;
            float denom = (float) Math.sqrt(v[i]) / bc2Sqrt + e;
            p[i] = p[i] - stepSize * m[i] / denom;
        }
    }

    /**
     * Copies of {@code exp_avg.<param>}, {@code exp_avg_sq.<param>}, the per-parameter step count
     * {@code step.<param>}, the global {@code step} and {@code lr}.
     */
    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("step", StateDicts.count(steps));
        out.put("lr", Tensor.scalar(learningRate));
        for (String name : params.keySet()) {
            if (!expAvg.containsKey(name)) continue;
            out.put("exp_avg." + name, expAvg.get(name).copy());
            out.put("exp_avg_sq." + name, expAvgSq.get(name).copy());
            out.put("step." + name, StateDicts.count(paramSteps.get(name)));
        }
        return out;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        String owner = getClass().getSimpleName();
        Map<String, Tensor> m = new LinkedHashMap<>(), v = new LinkedHashMap<>();
        Map<String, Long> t = new HashMap<>();
        for (var e : state.entrySet()) {
            String k = e.getKey();
            if (k.equals("step") || k.equals("lr")) continue;
            if (k.startsWith("exp_avg_sq.")) {
                v.put(
                        k.substring(11),
                        StateDicts.like(owner, k, e.getValue(), StateDicts.paramFor(owner, k, "exp_avg_sq.", params)));
            } else if (k.startsWith("exp_avg.")) {
                m.put(
                        k.substring(8),
                        StateDicts.like(owner, k, e.getValue(), StateDicts.paramFor(owner, k, "exp_avg.", params)));
            } else if (k.startsWith("step.")) {
                StateDicts.paramFor(owner, k, "step.", params);
                t.put(k.substring(5), StateDicts.countEntry(owner, state, k));
            } else {
                throw new IllegalArgumentException(owner + ".loadStateDict: unexpected entry '" + k + "'");
            }
        }
        for (String name : params.keySet()) {
            boolean any = m.containsKey(name) || v.containsKey(name) || t.containsKey(name);
            boolean all = m.containsKey(name) && v.containsKey(name) && t.containsKey(name);
            if (any && !all) {
                throw new IllegalArgumentException(owner + ".loadStateDict: parameter '" + name
                        + "' needs all of exp_avg, exp_avg_sq and step entries; some are missing");
            }
        }
        long step = StateDicts.countEntry(owner, state, "step");
        setLearningRate(StateDicts.scalar(owner, state, "lr"));
        steps = step;
        expAvg.clear();
        expAvg.putAll(m);
        expAvgSq.clear();
        expAvgSq.putAll(v);
        paramSteps.clear();
        paramSteps.putAll(t);
    }
}
