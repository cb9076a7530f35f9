package org.pointgrad.vae.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.pointgrad.pointcloud.transform.AxisConvention;
import org.pointgrad.pointcloud.transform.Direction;
import org.pointgrad.vae.report.RunAxes;
import picocli.CommandLine.Option;

/** The axis convention options of every command that draws shapes: a preset, or where the nose and top point. */
public final class AxesOptions {
    @Option(
            names = "--axes",
            paramLabel = "PRESET",
            description = "Axis convention of the shapes, for the pictures: " + AxisConvention.PRESETS
                    + ". Default: the one recorded in the run, else pointgrad.")
    String preset;

    @Option(
            names = "--forward",
            paramLabel = "AXIS",
            description = "Where the shapes' nose points: +x, -x, +y, -y, +z " + "or -z (overrides --axes).")
    String forward;

    @Option(
            names = "--up",
            paramLabel = "AXIS",
            description = "Where the shapes' top points, e.g. +y (overrides --axes).")
    String up;

    /** The convention given on the command line, each part not given taken from {@code fallback}. */
    AxisConvention resolve(AxisConvention fallback) {
        AxisConvention base = preset == null ? fallback : AxisConvention.preset(preset);
        Direction f = forward == null ? base.forward() : parse("--forward", forward);
        Direction u = up == null ? base.up() : parse("--up", up);
        if (f.axis() == u.axis()) {
            throw new IllegalArgumentException("--forward " + f + " and --up " + u + " lie on the same axis; "
                    + "give two different axes, e.g. --forward -z --up +y");
        }
        return new AxisConvention(f, u);
    }

    /** The convention given on the command line, completed from the one {@code runDir} records. */
    AxisConvention forRun(Path runDir) throws IOException {
        return resolve(RunAxes.read(runDir));
    }

    private static Direction parse(String option, String value) {
        try {
            return Direction.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }
}
