package org.pointgrad.pointcloud.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * {@link ObjReader#parse} (byte scanner first) and {@link ObjReader#parseText} (decoded lines only) read every file
 * to the same mesh, or refuse it with the same message.
 */
class ObjByteScannerProperties {
    private static final Path FILE = Path.of("random.obj");

    /** Lines real and broken files hold, including what only the text path accepts. */
    private static final String[] EXTRA = {
        "# a comment",
        "# caf\u00e9 \u00a9",
        "",
        "   ",
        "vt 0.5 0.5",
        "vn 0 0 1",
        "g wing",
        "o plane",
        "s off",
        "usemtl metal",
        "mtllib a.mtl",
        "l 1 2",
        "p 1",
        "v 1 2",
        "v 1 2 x",
        "v 1e39 0 0",
        "v nan 0 0",
        "v 1 2 3 1",
        "f 1 2",
        "f 0 1 2",
        "f -99 1 2",
        "f 1 2 999",
        "f a 1 2",
        "f 99999999999 1 2",
        "f +1 +2 +3",
        "f 1/ 2/ 3/",
        "f /1 2 3",
        "v 1 2 \\",
        "v 0x1p1 2 3",
        "v 1.5f 2 3",
        "v\u00a01 2 3",
        "v\u3000 1 2 3",
        "v 1 2 3\u0001",
        "\u0001v 1 2 3",
        "v\u001c1\u001f2\u000b3",
        "vv 1 2 3",
        "ff 1 2 3",
        "V 1 2 3",
        "v 1 2 3 # \u00ff\u0000",
        "v 1 2 3\\",
        "1 2 3",
        "f 1 2 3 \\"
    };

    private static String number(SplittableRandom r) {
        double x = r.nextDouble(-50, 50);
        return switch (r.nextInt(5)) {
            case 0 -> String.format(Locale.ROOT, "%.6f", x);
            case 1 -> String.format(Locale.ROOT, "%.4e", x);
            case 2 -> Float.toString((float) x);
            case 3 -> Double.toString(x);
            default -> Integer.toString((int) x);
        };
    }

    private static String corner(SplittableRandom r, int vertices) {
        int i = r.nextInt(4) == 0 ? -r.nextInt(1, vertices + 2) : r.nextInt(1, vertices + 2);
        return switch (r.nextInt(4)) {
            case 0 -> Integer.toString(i);
            case 1 -> i + "/" + r.nextInt(1, 9);
            case 2 -> i + "//" + r.nextInt(1, 9);
            default -> i + "/" + r.nextInt(1, 9) + "/" + r.nextInt(1, 9);
        };
    }

    private static byte[] randomFile(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        if (r.nextInt(30) == 0) sb.append('\uFEFF');
        int lines = r.nextInt(1, 40), vertices = 0;
        String[] spaces = {" ", " ", "  ", "\t", " \t"};
        for (int l = 0; l < lines; l++) {
            int kind = r.nextInt(10);
            if (kind < 5) {
                sb.append('v');
                for (int d = 0; d < 3; d++)
                    sb.append(spaces[r.nextInt(spaces.length)]).append(number(r));
                vertices++;
            } else if (kind < 8 && vertices >= 3) {
                sb.append('f');
                int k = r.nextInt(3, 6);
                for (int c = 0; c < k; c++)
                    sb.append(spaces[r.nextInt(spaces.length)]).append(corner(r, vertices));
            } else if (r.nextInt(3) == 0) {
                sb.append(EXTRA[r.nextInt(EXTRA.length)]);
            }
            if (r.nextInt(6) == 0) sb.append(" # note");
            sb.append(r.nextInt(5) == 0 ? "\r\n" : "\n");
        }
        if (r.nextBoolean()) sb.setLength(sb.length() - 1);
        return r.nextInt(20) == 0
                ? sb.toString().getBytes(StandardCharsets.ISO_8859_1)
                : sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String describe(byte[] data, boolean text) {
        try {
            ShapeData s = text ? ObjReader.parseText(data, FILE) : ObjReader.parse(data, FILE);
            if (!s.isMesh()) return "points " + s.points();
            return "mesh " + Arrays.toString(s.mesh().vertices()) + " "
                    + Arrays.toString(s.mesh().triangles());
        } catch (ShapeFormatException e) {
            return "error " + e.getMessage();
        }
    }

    @Property(tries = 1000)
    void byteScannerAndTextPathAgree(@ForAll long seed) {
        byte[] data = randomFile(new SplittableRandom(seed));
        assertEquals(describe(data, true), describe(data, false), () -> new String(data, StandardCharsets.ISO_8859_1));
    }

    @Test
    void theScannerAcceptsTheUsualFileAndLeavesTheRest() {
        ObjReader.Statements s = new ObjReader.Statements();
        byte[] usual = "# exported\r\nv 0 0 0\r\nv 1 0 0\r\nv 0 1 0\r\nvn 0 0 1\r\nf 1//1 2//1 3//1 # tri\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertTrue(ObjByteScanner.scan(usual, s));
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 0, 1, 0}, s.v.toArray());
        assertArrayEquals(new int[] {0, 1, 2}, s.corners.toArray());
        assertArrayEquals(new int[] {6}, s.faceLine.toArray());
        String[] left = {"v 1 2 3\u00a0\n", "\uFEFFv 1 2 3\n", "v 1 2 \\\n3\n", "v 1 2\n", "f 1 2 3\n", "v 1 2 3\0\n"};
        for (String l : left) {
            byte[] b = l.getBytes(StandardCharsets.UTF_8);
            boolean scanned = ObjByteScanner.scan(b, new ObjReader.Statements());
            assertEquals(l.startsWith("f"), scanned, l);
        }
    }

    @Test
    void numberFormatsStillRefusesAnAmbiguousExponent() {
        byte[] b = "v 1 2 3\nv 3.1+e2 0 0\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(
                "error " + FILE + ": line 2: '3.1+e2' is not a number; expected vertex coordinate", describe(b, false));
    }
}
