package org.pointgrad.vae.schedule;

import java.util.Arrays;
import java.util.Locale;

/**
 * The KL weight beta as a function of training progress (fractional epoch), scaled by a base beta.
 * Parse from the command line form: {@code constant}, {@code linear:E} (Bowman et al. 2016: 0 to 1 over E epochs),
 * {@code cyclical:M:R} (Fu et al. 2019: M cycles over the run, rising linearly during the first fraction R of each
 * cycle, then 1), {@code step:E1,E2:F} (multiply by F at each listed epoch).
 */
public interface KlSchedule {
    /** Multiplier of the base beta at fractional epoch {@code epoch} of a run of {@code totalEpochs}. */
    double factor(double epoch, double totalEpochs);

    /** Human-readable form (the parse syntax). */
    String describe();

    /** Beta constant over the run. */
    static KlSchedule constant() {
        return new KlSchedule() {
            public double factor(double epoch, double total) { return 1.0; }
            public String describe() { return "constant"; }
        };
    }

    /** Linear warm-up from 0 to 1 over {@code epochs}, then 1. */
    static KlSchedule linear(double epochs) {
        if (!(epochs > 0)) throw new IllegalArgumentException("linear KL warm-up needs a positive number of epochs, got " + epochs);
        return new KlSchedule() {
            public double factor(double epoch, double total) { return Math.min(1.0, Math.max(0.0, epoch / epochs)); }
            public String describe() { return "linear:" + fmt(epochs); }
        };
    }

    /** Cyclical annealing: {@code cycles} cycles over the run; within each, linear rise over fraction {@code ratio}, then 1. */
    static KlSchedule cyclical(int cycles, double ratio) {
        if (cycles < 1) throw new IllegalArgumentException("cyclical KL schedule needs at least 1 cycle, got " + cycles);
        if (!(ratio > 0 && ratio <= 1)) throw new IllegalArgumentException("cyclical KL schedule ratio must be in (0, 1], got " + ratio);
        return new KlSchedule() {
            public double factor(double epoch, double total) {
                if (!(total > 0)) return 1.0;
                double period = total / cycles;
                double tau = (epoch % period) / period;
                return Math.min(1.0, tau / ratio);
            }
            public String describe() { return "cyclical:" + cycles + ":" + fmt(ratio); }
        };
    }

    /** Step decay: multiply by {@code factor} at each epoch in {@code epochs}. */
    static KlSchedule step(double[] epochs, double factor) {
        double[] e = epochs.clone();
        Arrays.sort(e);
        if (!(factor > 0)) throw new IllegalArgumentException("step KL schedule factor must be > 0, got " + factor);
        return new KlSchedule() {
            public double factor(double epoch, double total) {
                double f = 1.0;
                for (double m : e) if (epoch >= m) f *= factor;
                return f;
            }
            public String describe() {
                StringBuilder sb = new StringBuilder("step:");
                for (int i = 0; i < e.length; i++) sb.append(i > 0 ? "," : "").append(fmt(e[i]));
                return sb.append(':').append(fmt(factor)).toString();
            }
        };
    }

    /** Parses the command-line form; errors say what was expected. */
    static KlSchedule parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        String[] p = s.split(":");
        try {
            switch (p[0]) {
                case "constant":
                    if (p.length == 1) return constant();
                    break;
                case "linear":
                    if (p.length == 2) return linear(Double.parseDouble(p[1]));
                    break;
                case "cyclical":
                    if (p.length == 3) return cyclical(Integer.parseInt(p[1]), Double.parseDouble(p[2]));
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
            throw new IllegalArgumentException("KL schedule '" + spec + "': " + e.getMessage() + "; expected constant|linear:E|cyclical:M:R|step:E1,E2:F");
        }
        throw new IllegalArgumentException("KL schedule '" + spec + "': expected constant|linear:E|cyclical:M:R|step:E1,E2:F");
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
