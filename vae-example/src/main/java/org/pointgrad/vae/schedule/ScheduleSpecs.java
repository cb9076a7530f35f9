package org.pointgrad.vae.schedule;

import static org.pointgrad.nn.schedule.Schedule.Form.CONSTANT;
import static org.pointgrad.nn.schedule.Schedule.Form.COSINE;
import static org.pointgrad.nn.schedule.Schedule.Form.CYCLICAL;
import static org.pointgrad.nn.schedule.Schedule.Form.LINEAR;
import static org.pointgrad.nn.schedule.Schedule.Form.STEP;

import org.pointgrad.nn.schedule.Schedule;

/**
 * The schedule forms of the command line: the learning rate as {@code constant|cosine[:FLOOR[:START]]|step:E1,E2:F},
 * the KL weight beta as {@code constant|linear:E|cyclical:M:R|step:E1,E2:F}, both as multipliers of the base value
 * over the planned epochs.
 */
public final class ScheduleSpecs {
    private ScheduleSpecs() {}

    /** Parses a learning-rate schedule; errors name the spec and the accepted forms. */
    public static Schedule learningRate(String spec) {
        return Schedule.parse(spec, "lr schedule", CONSTANT, COSINE, STEP);
    }

    /** Parses a KL-weight schedule; errors name the spec and the accepted forms. */
    public static Schedule klWeight(String spec) {
        return Schedule.parse(spec, "KL schedule", CONSTANT, LINEAR, CYCLICAL, STEP);
    }
}
