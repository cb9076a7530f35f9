package org.pointgrad.pointcloud.io;

import java.io.IOException;
import java.nio.file.Path;
import org.pointgrad.pointcloud.PointCloud;

/**
 * Reads XYZ / PTS text point clouds: one point per line, values separated by whitespace, commas or semicolons,
 * at least three columns of which the first three are x, y, z (further columns such as intensity or colour are
 * ignored). Lines starting with '#' or '//' are comments. The first content line may be a single integer point
 * count (PTS), which must then match the number of point lines, or a column-name header such as {@code x,y,z}.
 */
public final class XyzReader {
    private XyzReader() {}

    /** Reads an XYZ or PTS file. */
    public static ShapeData read(Path file) throws IOException {
        return parse(ShapeFiles.readBytes(file), file, ShapeFormat.XYZ);
    }

    /** Parses XYZ/PTS content, reporting {@code format} (XYZ or PTS) in the result; {@code file} may be null. */
    public static ShapeData parse(byte[] data, Path file, ShapeFormat format) throws ShapeFormatException {
        if (data.length == 0) throw ShapeFormatException.atByte(file, 0, "file is empty; expected lines of 'x y z'");
        TextLines lines = TextLines.decode(file, data, 0, 1);
        FloatList xyz = new FloatList();
        long declared = -1;
        int declaredLine = 0;
        boolean first = true;
        while (lines.next()) {
            String s = lines.line().strip();
            if (s.isEmpty() || s.startsWith("#") || s.startsWith("//")) continue;
            String[] t = TextLines.tokens(s, true);
            if (first) {
                first = false;
                if (t.length == 1 && t[0].matches("\\d+")) {
                    declared = Long.parseLong(t[0].length() > 18 ? "999999999999999999" : t[0]);
                    declaredLine = lines.lineNumber();
                    continue;
                }
                if (t.length >= 3 && isColumnNames(t)) continue;
            }
            if (t.length < 3) throw lines.error("point has " + t.length + " values; expected at least 3 columns 'x y z'");
            xyz.add(lines.coordinate(t[0], "x coordinate"));
            xyz.add(lines.coordinate(t[1], "y coordinate"));
            xyz.add(lines.coordinate(t[2], "z coordinate"));
        }
        int n = xyz.size() / 3;
        if (n == 0 && declared != 0) throw ShapeFormatException.general(file, "no point lines; expected lines of 'x y z'");
        if (declared >= 0 && declared != n) {
            throw ShapeFormatException.atLine(file, declaredLine, "declares " + declared + " points but the file has " + n + " point lines");
        }
        return ShapeData.ofPoints(file, format, new PointCloud(xyz.toArray()));
    }

    private static boolean isColumnNames(String[] t) {
        for (String s : t) if (s.isEmpty() || !Character.isLetter(s.charAt(0))) return false;
        for (String s : t) if (s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("infinity")) return false;
        return true;
    }
}
