package org.pointgrad.pointcloud.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.pointcloud.PointCloud;

/** Grids lay out cells where they say, draw captions and labels, and write valid PNGs of the computed size. */
class RenderGridTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private static int nonWhite(BufferedImage img, int x, int y, int w, int h) {
        return PointCloudRendererTest.nonWhite(img, x, y, w, h);
    }

    private static List<PointCloud> clouds(int n) {
        PointCloud[] c = new PointCloud[n];
        for (int i = 0; i < n; i++) c[i] = PointCloudRendererTest.lShape(800, i);
        return Arrays.asList(c);
    }

    @Test
    void pngIsValidAndHasTheExpectedSize(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("sub/grid.png");
        Renderings.writePng(out, clouds(5), List.of("a", "b", "c", "d", "e"), 3, View.THREE_QUARTER, 100, "title");
        byte[] head = new byte[8];
        try (InputStream in = Files.newInputStream(out)) {
            assertEquals(8, in.read(head));
        }
        assertArrayEquals(PNG_SIGNATURE, head);
        BufferedImage img = ImageIO.read(out.toFile());
        assertNotNull(img, "ImageIO could not decode the file");
        assertEquals(3 * 100, img.getWidth());
        assertEquals(RenderGrid.TITLE_HEIGHT + 2 * (100 + RenderGrid.CAPTION_HEIGHT), img.getHeight());
    }

    @Test
    void captionsAreDrawnOnlyWhereGiven() {
        RenderGrid g = new RenderGrid(1, 2, 100);
        List<PointCloud> cs = clouds(2);
        g.put(0, 0, cs.get(0), "AIRLINER").put(0, 1, cs.get(1), null);
        BufferedImage img = g.render();
        int y = g.cellY(0) + 100 + 2, h = RenderGrid.CAPTION_HEIGHT - 4;
        int withCaption = nonWhite(img, g.cellX(0) + 2, y, 96, h);
        int without = nonWhite(img, g.cellX(1) + 2, y, 96, h);
        assertTrue(withCaption > 30, "caption band has only " + withCaption + " painted pixels");
        assertEquals(0, without, "caption band without caption should be empty");
        assertTrue(nonWhite(img, g.cellX(0) + 2, g.cellY(0) + 2, 96, 96) > 100, "cell picture is blank");
    }

    @Test
    void pairsGridHasLabelledInputAndReconstructionRows() {
        List<PointCloud> in = clouds(3), rec = clouds(3);
        RenderGrid g = Renderings.pairsGrid(in, rec, List.of("x", "y", "z"), 2, View.SIDE, 80, null);
        BufferedImage img = g.render();
        // 3 pairs in columns of 2 -> 2 blocks of (input, reconstruction) rows, with a label band on the left.
        assertEquals(RenderGrid.ROW_LABEL_WIDTH + 2 * 80, img.getWidth());
        assertEquals(4 * (80 + RenderGrid.CAPTION_HEIGHT), img.getHeight());
        for (int row = 0; row < 4; row++) {
            assertTrue(
                    nonWhite(img, 0, g.cellY(row), RenderGrid.ROW_LABEL_WIDTH, 80) > 30,
                    "row label " + row + " missing");
        }
        // Input cells are drawn in blue, reconstruction cells in red.
        assertTrue(dominantChannel(img, g.cellX(0), g.cellY(0), 80) == 2, "input should be blue");
        assertTrue(dominantChannel(img, g.cellX(0), g.cellY(1), 80) == 0, "reconstruction should be red");
        // The missing 4th pair leaves its cells blank.
        assertEquals(0, nonWhite(img, g.cellX(1) + 2, g.cellY(2) + 2, 76, 76));
    }

    /** 0 = red, 1 = green, 2 = blue: which channel is summed largest after removing white. */
    private static int dominantChannel(BufferedImage img, int x0, int y0, int size) {
        long[] sum = new long[3];
        for (int y = y0 + 2; y < y0 + size - 2; y++) {
            for (int x = x0 + 2; x < x0 + size - 2; x++) {
                int rgb = img.getRGB(x, y);
                sum[0] += 255 - ((rgb >> 16) & 0xFF);
                sum[1] += 255 - ((rgb >> 8) & 0xFF);
                sum[2] += 255 - (rgb & 0xFF);
            }
        }
        // Darkness per channel: the colour's own channel is the least dark.
        int best = 0;
        for (int c = 1; c < 3; c++) if (sum[c] < sum[best]) best = c;
        return best;
    }

    @Test
    void viewsPngHasOneColumnPerView(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("views.png");
        Renderings.writeViewsPng(out, clouds(2), List.of("one", "two"), List.of(View.values()), 64, null);
        BufferedImage img = ImageIO.read(out.toFile());
        assertEquals(RenderGrid.ROW_LABEL_WIDTH + View.values().length * 64, img.getWidth());
        assertEquals(2 * (64 + RenderGrid.CAPTION_HEIGHT), img.getHeight());
    }

    @Test
    void mismatchedInputsAreRejected() {
        assertThrows(
                IllegalArgumentException.class, () -> Renderings.grid(clouds(2), List.of("a"), 2, View.TOP, 64, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> Renderings.pairsGrid(clouds(2), clouds(3), null, 2, View.TOP, 64, null));
        assertThrows(IndexOutOfBoundsException.class, () -> new RenderGrid(1, 1, 64)
                .put(1, 0, clouds(1).get(0), null));
        assertThrows(IllegalArgumentException.class, () -> new RenderGrid(0, 1, 64));
    }
}
