package org.pointgrad.pointcloud.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Content decides the format; the extension only names PTS and picks the reader for garbled binary files. */
class FormatDetectionTest {
    private static ShapeFormat detect(String content, String name) {
        return ShapeFiles.detect(content.getBytes(StandardCharsets.ISO_8859_1), name == null ? null : Path.of(name));
    }

    @Test
    void contentWinsOverExtension() {
        assertEquals(ShapeFormat.PLY, detect("ply\nformat ascii 1.0\n", "x.obj"));
        assertEquals(ShapeFormat.PLY, detect("ply\r\nformat ascii 1.0\r\n", null));
        assertEquals(ShapeFormat.NPY, detect("\u0093NUMPY\u0001\u0000", "x.xyz"));
        assertEquals(ShapeFormat.OFF, detect("# comment\n\nOFF\n1 0 0\n0 0 0\n", "x.xyz"));
        assertEquals(ShapeFormat.OFF, detect("COFF\n", null));
        assertEquals(ShapeFormat.OFF, detect("OFF12 4 0\n", null));
        assertEquals(ShapeFormat.OBJ, detect("# header\nmtllib a.mtl\n\tv 1 2 3\n", "x.ply"));
        assertEquals(ShapeFormat.OBJ, detect("f 1 2 3\n", null));
        assertEquals(ShapeFormat.OBJ, detect("\u00ef\u00bb\u00bfv 1 2 3\n", null));
        assertEquals(ShapeFormat.XYZ, detect("1 2 3\n4 5 6\n", "x.obj.txt"));
        assertEquals(ShapeFormat.XYZ, detect("3\n1 2 3\n", null));
        assertEquals(ShapeFormat.PTS, detect("3\n1 2 3\n", "scan.PTS"));
        assertEquals(ShapeFormat.XYZ, detect("plywood 1 2\n", null));
    }

    @Test
    void garbledMagicFallsBackToTheExtensionSoErrorsSpeakTheRightFormat() {
        assertEquals(ShapeFormat.PLY, detect("plx\nformat ascii 1.0\n", "a.ply"));
        assertEquals(ShapeFormat.NPY, detect("\u0093NUMPZ", "a.npy"));
        ShapeFormatException e = org.junit.jupiter.api.Assertions.assertThrows(
                ShapeFormatException.class,
                () -> ShapeFiles.parse("plx\n".getBytes(StandardCharsets.US_ASCII), Path.of("a.ply")));
        assertTrue(e.getMessage().contains("expected 'ply'"), e.getMessage());
        assertEquals(1, e.line());
    }
}
