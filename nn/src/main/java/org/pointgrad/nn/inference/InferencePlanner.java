package org.pointgrad.nn.inference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import org.pointgrad.autodiff.Autograd;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.MatmulKernel;
import org.pointgrad.nn.Module;

/**
 * Chooses between a module's graph-free inference plan and its graph path, and keeps one compiled plan per module
 * instance. A plan is rebuilt when any parameter or buffer of the module was replaced or changed in place (its
 * {@link Tensor#version()}), or when the matrix kernel changed; compiling once per state instead of once per call
 * keeps the packed weights and folded BatchNorm of repeated inference calls.
 */
public final class InferencePlanner {
    /** A compiled plan and the state it was compiled from. */
    private record Entry(InferencePlan plan, List<Tensor> state, int[] versions, MatmulKernel kernel) {
        boolean matches(List<Tensor> now, MatmulKernel k) {
            if (k != kernel || now.size() != state.size()) return false;
            for (int i = 0; i < versions.length; i++) {
                if (now.get(i) != state.get(i) || now.get(i).version() != versions[i]) return false;
            }
            return true;
        }
    }

    /** Weak keys: a plan lives as long as its module. Plans never refer back to their module. */
    private static final Map<Module, Entry> PLANS = Collections.synchronizedMap(new WeakHashMap<>());

    private InferencePlanner() {}

    /**
     * The plan to run {@code input} through, or empty for the graph path: the one place that decides. The plan is used
     * when no graph is recorded, anomaly mode is off (it checks every layer's output, which plans never store), the
     * module is in eval mode, the module has a plan and the plan accepts the input (its dtype and shape).
     */
    public static <P extends InferencePlan, M extends Module & PlannableModule<P>> Optional<P> fastPath(
            M module, Tensor input) {
        if (Autograd.isGradEnabled() || Autograd.isAnomalyMode() || module.isTraining()) return Optional.empty();
        return planFor(module).filter(p -> p.accepts(input));
    }

    /** The module's current plan, compiled now when its state changed since the last one; empty when it has none. */
    @SuppressWarnings("unchecked")
    public static <P extends InferencePlan, M extends Module & PlannableModule<P>> Optional<P> planFor(M module) {
        List<Tensor> state = state(module);
        MatmulKernel kernel = Kernels.matmul();
        Entry e = PLANS.get(module);
        if (e == null || !e.matches(state, kernel)) {
            // Versions first: a change while compiling then leaves the entry stale, never a stale plan current.
            int[] versions = new int[state.size()];
            for (int i = 0; i < versions.length; i++) versions[i] = state.get(i).version();
            P plan = module.compilePlan();
            e = new Entry(plan, state, versions, kernel);
            PLANS.put(module, e);
        }
        return Optional.ofNullable((P) e.plan);
    }

    private static List<Tensor> state(Module module) {
        List<Tensor> out = new ArrayList<>(module.namedParameters().values());
        out.addAll(module.namedBuffers().values());
        return out;
    }
}
