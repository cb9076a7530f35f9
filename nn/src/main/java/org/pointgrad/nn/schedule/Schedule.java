package org.pointgrad.nn.schedule;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.pointgrad.nn.optim.Optimizer;

/**
 * A multiplier of a base value (a learning rate, a loss weight) as a function of training progress: the epochs
 * completed so far, fractional within an epoch ({@code e + b / batchesPerEpoch} before batch b of epoch e), and the
 * planned length of the run. An infinite {@code totalEpochs} means "not planned yet": schedules that depend on the
 * plan then stay at their start value. Step-like schedules change at their epoch itself.
 *
 * <p>The command-line forms are parsed by {@link #parse(String, String, Form...)}; {@code describe()} of a parsed
 * schedule gives a form that parses to the same schedule.
 */
@FunctionalInterface
public interface Schedule {
    /** The multiplier at fractional epoch {@code epoch} (finite, >= 0) of a run of {@code totalEpochs}. */
    double factor(double epoch, double totalEpochs);

    /** The command-line form, or a readable description for schedules without one. */
    default String describe() {
        return toString();
    }

    /** Sets the optimizer's learning rate to {@code baseLr * factor(epoch, totalEpochs)}. */
    default void apply(Optimizer optimizer, double baseLr, double epoch, double totalEpochs) {
        optimizer.setLearningRate(baseLr * factor(epoch, totalEpochs));
    }

    /** 1 throughout. */
    static Schedule constant() {
        return new Constant();
    }

    /** Linear rise from 0 at epoch 0 to 1 at {@code epochs}, then 1 (a loss weight's warm-up, as in Bowman et al.). */
    static Schedule linear(double epochs) {
        return new LinearWarmup(constant(), epochs);
    }

    /**
     * The command-line forms a caller accepts. {@link #syntax()} is what an error message shows.
     */
    enum Form {
        /** {@code constant}. */
        CONSTANT("constant"),
        /** {@code cosine[:FLOOR[:START]]}: see {@link Cosine}; FLOOR defaults to {@value Cosine#DEFAULT_FLOOR}. */
        COSINE("cosine[:FLOOR[:START]]"),
        /** {@code linear:E}: see {@link #linear(double)}. */
        LINEAR("linear:E"),
        /** {@code cyclical:M:R}: see {@link Cyclical}. */
        CYCLICAL("cyclical:M:R"),
        /** {@code step:E1,E2:F}: see {@link MultiStepDecay}. */
        STEP("step:E1,E2:F");

        private final String syntax;

        Form(String syntax) {
            this.syntax = syntax;
        }

        /** The form as an error message or help text shows it. */
        public String syntax() {
            return syntax;
        }
    }

    /**
     * Parses one of {@code forms} (case and surrounding blanks ignored). Errors start with {@code what} and the spec
     * (for example {@code lr schedule 'warp': expected constant|cosine[:FLOOR[:START]]|step:E1,E2:F}).
     */
    static Schedule parse(String spec, String what, Form... forms) {
        String expected = "expected " + Arrays.stream(forms).map(Form::syntax).collect(Collectors.joining("|"));
        if (spec == null) throw new IllegalArgumentException(what + " missing; " + expected);
        String[] p = spec.trim().toLowerCase(Locale.ROOT).split(":", -1);
        Form form = null;
        for (Form f : forms) if (f.name().toLowerCase(Locale.ROOT).equals(p[0])) form = f;
        try {
            Schedule s = form == null
                    ? null
                    : switch (form) {
                        case CONSTANT -> p.length == 1 ? constant() : null;
                        case COSINE -> p.length == 1
                                ? new Cosine(Cosine.DEFAULT_FLOOR, 0)
                                : p.length == 2
                                        ? new Cosine(Double.parseDouble(p[1]), 0)
                                        : p.length == 3
                                                ? new Cosine(Double.parseDouble(p[1]), Double.parseDouble(p[2]))
                                                : null;
                        case LINEAR -> p.length == 2 ? linear(Double.parseDouble(p[1])) : null;
                        case CYCLICAL -> p.length == 3
                                ? new Cyclical(Integer.parseInt(p[1]), Double.parseDouble(p[2]))
                                : null;
                        case STEP -> p.length == 3
                                ? new MultiStepDecay(
                                        Arrays.stream(p[1].split(","))
                                                .mapToDouble(Double::parseDouble)
                                                .toArray(),
                                        Double.parseDouble(p[2]))
                                : null;
                    };
            if (s != null) return s;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + spec + "': " + e.getMessage() + "; " + expected, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " '" + spec + "': " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(what + " '" + spec + "': " + expected);
    }

    /** Checks an epoch argument, naming the schedule in the error. */
    static double checkEpoch(String schedule, double epoch) {
        if (!(epoch >= 0) || Double.isInfinite(epoch)) {
            throw new IllegalArgumentException(schedule + ": epoch must be finite and >= 0, got " + epoch);
        }
        return epoch;
    }

    /** A number as the command-line forms write it: integers without a fraction. */
    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
