package org.pointgrad.vae.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pointgrad.nn.io.MetadataValues;

/**
 * Where a run stands: enough to resume exactly. Sums are over the steps of the current epoch so far.
 */
public record RunState(
        int epoch,
        int stepInEpoch,
        long globalStep,
        double sumChamfer,
        double sumKl,
        double elapsedSeconds,
        double plannedEpochs) {
    /**
     * The run format: which random streams a run's steps draw from. A run of another format cannot continue exactly,
     * so it is not resumed. Format 2 draws the per-step pool subsets from the pool's own seeded draws.
     */
    static final int FORMAT = 2;

    private static final String FORMAT_KEY = "run.format";

    RunState advance(int newStepInEpoch, double newSumChamfer, double newSumKl) {
        return new RunState(
                epoch, newStepInEpoch, globalStep + 1, newSumChamfer, newSumKl, elapsedSeconds, plannedEpochs);
    }

    RunState withElapsed(double seconds, double planned) {
        return new RunState(epoch, stepInEpoch, globalStep, sumChamfer, sumKl, seconds, planned);
    }

    Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(FORMAT_KEY, Integer.toString(FORMAT));
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

    /**
     * Reads the state strictly (every value as {@link #toMetadata} writes it); {@code file} names the source in errors.
     */
    static RunState fromMetadata(Map<String, String> m, String file) {
        // Runs written before the format was recorded are format 1.
        String format = m.getOrDefault(FORMAT_KEY, "1");
        if (!format.equals(Integer.toString(FORMAT))) {
            throw new IllegalArgumentException(file + ": the run is of run format " + format + ", this pointvae resumes"
                    + " format " + FORMAT + " only (format " + FORMAT
                    + " draws the training pool's batches differently,"
                    + " so the run cannot continue exactly); start it again with --overwrite");
        }
        try {
            RunState s = new RunState(
                    MetadataValues.parseInt(m, "run.epoch"),
                    MetadataValues.parseInt(m, "run.step_in_epoch"),
                    MetadataValues.parseLong(m, "run.global_step"),
                    bits(m, "run.sum_chamfer"),
                    bits(m, "run.sum_kl"),
                    MetadataValues.parseDouble(m, "run.elapsed_seconds"),
                    MetadataValues.parseDouble(m, "run.planned_epochs"));
            if (s.epoch < 0 || s.stepInEpoch < 0 || s.globalStep < 0)
                throw new IllegalArgumentException("run.epoch, run.step_in_epoch and run.global_step must be >= 0");
            return s;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": run state in the metadata is malformed: " + e.getMessage(), e);
        }
    }

    private static double bits(Map<String, String> m, String key) {
        String v = MetadataValues.required(m, key);
        try {
            long raw = Long.parseUnsignedLong(v, 16);
            if (Long.toHexString(raw).equals(v)) return Double.longBitsToDouble(raw);
        } catch (NumberFormatException ignored) {
            // Reported below.
        }
        throw new IllegalArgumentException("key '" + key + "' must be the hex bits of a double, got '" + v + "'");
    }
}
