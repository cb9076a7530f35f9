package org.pointgrad.vae.schedule;

import java.util.Arrays;
import java.util.Locale;

/**
 * The learning rate as a function of training progress (fractional epoch), as a multiplier of the base rate.
 * Parse from the command line form: {@code constant}, {@code cosine[:FLOOR[:START]]} (1 until fraction START of the
 * planned epochs, default 0, then half a cosine down to FLOOR, default {@value #DEFAULT_FLOOR}, at the planned end,
 * FLOOR after), {@code step:E1,E2:F} (multiply by F at each listed epoch).
 */
public interface LrSchedule {
    /** Floor of {@code cosine} without an explicit one: a twentieth of the base rate. */
    double DEFAULT_FLOOR = 0.05;

    /**
     * Multiplier of the base learning rate at fractional epoch {@code epoch} of a run of {@code totalEpochs}; an
     * infinite total means "not planned yet" and keeps schedules that depend on it at their start value.
     */
    double factor(double epoch, double totalEpochs);

    /** Human-readable form (the parse syntax); {@code parse(describe())} gives the same schedule. */
    String describe();

    /** The base rate throughout. */
    static LrSchedule constant() {
        return new LrSchedule() {
            public double factor(double epoch, double total) { return 1.0; }
            public String describe() { return "constant"; }
        };
    }

    /** Cosine decay from 1 at epoch 0 to {@code floor} at the planned last epoch, {@code floor} after. */
    static LrSchedule cosine(double floor) {
        return cosine(floor, 0);
    }

    /**
     * 1 until fraction {@code start} of the planned epochs, then a cosine decay to {@code floor} at the planned
     * last epoch, {@code floor} after (a late anneal keeps the full rate while the model is still far from a fit).
     */
    static LrSchedule cosine(double floor, double start) {
        if (!(floor >= 0 && floor <= 1)) throw new IllegalArgumentException("cosine lr schedule floor must be in [0, 1], got " + floor);
        if (!(start >= 0 && start < 1)) throw new IllegalArgumentException("cosine lr schedule start must be in [0, 1), got " + start);
        return new LrSchedule() {
            public double factor(double epoch, double total) {
                if (!(total > 0) || Double.isInfinite(total)) return 1.0;
                double t = Math.min(1.0, Math.max(0.0, (epoch / total - start) / (1 - start)));
                return floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * t));
            }
            public String describe() { return "cosine:" + fmt(floor) + (start > 0 ? ":" + fmt(start) : ""); }
        };
    }

    /** Step decay: multiply by {@code factor} at each epoch in {@code epochs}. */
    static LrSchedule step(double[] epochs, double factor) {
        double[] e = epochs.clone();
        Arrays.sort(e);
        if (e.length == 0) throw new IllegalArgumentException("step lr schedule needs at least one epoch");
        for (double m : e) if (!(m >= 0) || Double.isInfinite(m)) throw new IllegalArgumentException("step lr schedule epochs must be finite and >= 0, got " + m);
        if (!(factor > 0) || Double.isInfinite(factor)) throw new IllegalArgumentException("step lr schedule factor must be finite and > 0, got " + factor);
        // The same multiplier (and "step:" form) as the KL weight's step decay.
        KlSchedule steps = KlSchedule.step(e, factor);
        return new LrSchedule() {
            public double factor(double epoch, double total) { return steps.factor(epoch, total); }
            public String describe() { return steps.describe(); }
        };
    }

    /** Parses the command-line form; errors say what was expected. */
    static LrSchedule parse(String spec) {
        String expected = "expected constant|cosine[:FLOOR[:START]]|step:E1,E2:F";
        if (spec == null) throw new IllegalArgumentException("lr schedule missing; " + expected);
        String s = spec.trim().toLowerCase(Locale.ROOT);
        String[] p = s.split(":", -1);
        try {
            switch (p[0]) {
                case "constant":
                    if (p.length == 1) return constant();
                    break;
                case "cosine":
                    if (p.length == 1) return cosine(DEFAULT_FLOOR);
                    if (p.length == 2) return cosine(Double.parseDouble(p[1]));
                    if (p.length == 3) return cosine(Double.parseDouble(p[1]), Double.parseDouble(p[2]));
                    break;
                case "step":
                    if (p.length == 3) {
                        return step(Arrays.stream(p[1].split(",")).mapToDouble(Double::parseDouble).toArray(), Double.parseDouble(p[2]));
                    }
                    break;
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("lr schedule '" + spec + "': " + e.getMessage() + "; " + expected);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("lr schedule '" + spec + "': " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("lr schedule '" + spec + "': " + expected);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
