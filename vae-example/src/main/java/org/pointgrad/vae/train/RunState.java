package org.pointgrad.vae.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run stands: enough to resume exactly. Sums are over the steps of the current epoch so far.
 */
public record RunState(int epoch, int stepInEpoch, long globalStep, double sumChamfer, double sumKl, double elapsedSeconds,
                       double plannedEpochs) {

    RunState advance(int newStepInEpoch, double newSumChamfer, double newSumKl) {
        return new RunState(epoch, newStepInEpoch, globalStep + 1, newSumChamfer, newSumKl, elapsedSeconds, plannedEpochs);
    }

    RunState withElapsed(double seconds, double planned) {
        return new RunState(epoch, stepInEpoch, globalStep, sumChamfer, sumKl, seconds, planned);
    }

    Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("run.epoch", Integer.toString(epoch));
        m.put("run.step_in_epoch", Integer.toString(stepInEpoch));
        m.put("run.global_step", Long.toString(globalStep));
        // Exact bit patterns, so the resumed epoch's mean loss is identical too.
        m.put("run.sum_chamfer", Long.toHexString(Double.doubleToRawLongBits(sumChamfer)));
        m.put("run.sum_kl", Long.toHexString(Double.doubleToRawLongBits(sumKl)));
        m.put("run.elapsed_seconds", Double.toString(elapsedSeconds));
        m.put("run.planned_epochs", Double.toString(plannedEpochs));
        return m;
    }

    static RunState fromMetadata(Map<String, String> m, String file) {
        try {
            return new RunState(Integer.parseInt(m.get("run.epoch")), Integer.parseInt(m.get("run.step_in_epoch")),
                    Long.parseLong(m.get("run.global_step")),
                    Double.longBitsToDouble(Long.parseUnsignedLong(m.get("run.sum_chamfer"), 16)),
                    Double.longBitsToDouble(Long.parseUnsignedLong(m.get("run.sum_kl"), 16)),
                    Double.parseDouble(m.get("run.elapsed_seconds")), Double.parseDouble(m.get("run.planned_epochs")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": run state in the metadata is missing or malformed (" + e.getMessage() + ")", e);
        }
    }
}
