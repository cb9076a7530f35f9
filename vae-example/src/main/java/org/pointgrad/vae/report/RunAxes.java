package org.pointgrad.vae.report;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.pointgrad.pointcloud.transform.AxisConvention;
import org.pointgrad.pointcloud.transform.Direction;

/**
 * The axis convention of a run's data, kept in the run folder ({@value #FILE}) so that its report and every later
 * command on the run draw the shapes upright without being told again.
 */
public final class RunAxes {
    /** File name in the run folder. */
    public static final String FILE = "axes.properties";

    private RunAxes() {}

    /** Records {@code axes} in {@code runDir}. */
    public static void write(Path runDir, AxisConvention axes) throws IOException {
        OutputFiles.writeText(
                runDir.resolve(FILE),
                "# axis convention of the run's data (pointvae --forward/--up)\n" + "forward=" + axes.forward()
                        + "\nup=" + axes.up() + "\n");
    }

    /** The run's convention, or {@link AxisConvention#POINTGRAD} for a run that records none. */
    public static AxisConvention read(Path runDir) throws IOException {
        Path f = runDir.resolve(FILE);
        if (!Files.exists(f)) return AxisConvention.POINTGRAD;
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(f, StandardCharsets.UTF_8)));
        try {
            Direction forward = Direction.parse(required(p, f, "forward"));
            return new AxisConvention(forward, Direction.parse(required(p, f, "up")));
        } catch (IllegalArgumentException e) {
            throw new IOException(
                    f + ": " + e.getMessage() + "; fix the file or delete it (then +x forward, +y up)", e);
        }
    }

    private static String required(Properties p, Path f, String key) throws IOException {
        String v = p.getProperty(key);
        if (v == null)
            throw new IOException(f + ": no '" + key + "' entry; expected forward=AXIS and up=AXIS, e.g. forward=+x");
        return v;
    }
}
