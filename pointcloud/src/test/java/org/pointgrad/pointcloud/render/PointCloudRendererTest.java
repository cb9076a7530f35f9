package org.pointgrad.pointcloud.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pointgrad.pointcloud.PointCloud;

/** The renderer draws something, views differ, near points cover far ones, and the scale is fixed. */
class PointCloudRendererTest {
    static final int WHITE = 0xFFFFFF;

    static int nonWhite(BufferedImage img, int x0, int y0, int w, int h) {
        int n = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) if ((img.getRGB(x, y) & 0xFFFFFF) != WHITE) n++;
        }
        return n;
    }

    /** An L-shaped cloud: a long bar along x and a short one along y, so every view sees a different outline. */
    static PointCloud lShape(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = new float[3 * n];
        for (int i = 0; i < n; i++) {
            boolean bar = i % 3 != 0;
            p[3 * i] = (float) (bar ? r.nextDouble(-0.9, 0.9) : -0.9);
            p[3 * i + 1] = (float) (bar ? r.nextDouble(-0.05, 0.05) : r.nextDouble(0, 0.6));
            p[3 * i + 2] = (float) r.nextDouble(-0.1, 0.1);
        }
        return new PointCloud(p);
    }

    @Test
    void renderedCloudIsNotBlankAndStaysInsideTheImage() {
        BufferedImage img = new PointCloudRenderer().render(lShape(2000, 1), View.THREE_QUARTER, 200, 160);
        assertEquals(200, img.getWidth());
        assertEquals(160, img.getHeight());
        int painted = nonWhite(img, 0, 0, 200, 160);
        assertTrue(painted > 500, "only " + painted + " painted pixels");
        assertTrue(painted < 200 * 160 / 2, "image mostly painted: " + painted);
    }

    @Test
    void differentViewsGiveDifferentPictures() {
        PointCloud c = lShape(2000, 2);
        PointCloudRenderer r = new PointCloudRenderer();
        View[] views = View.values();
        for (int a = 0; a < views.length; a++) {
            for (int b = a + 1; b < views.length; b++) {
                BufferedImage ia = r.render(c, views[a], 128, 128), ib = r.render(c, views[b], 128, 128);
                int diff = 0;
                for (int y = 0; y < 128; y++) {
                    for (int x = 0; x < 128; x++) if (ia.getRGB(x, y) != ib.getRGB(x, y)) diff++;
                }
                assertTrue(diff > 300, views[a] + " and " + views[b] + " differ in only " + diff + " pixels");
            }
        }
    }

    @Test
    void renderingIsDeterministic() {
        PointCloud c = lShape(1500, 3);
        BufferedImage a = new PointCloudRenderer().render(c, View.TOP, 100, 100);
        BufferedImage b = new PointCloudRenderer().render(c, View.TOP, 100, 100);
        for (int y = 0; y < 100; y++) for (int x = 0; x < 100; x++) assertEquals(a.getRGB(x, y), b.getRGB(x, y));
    }

    @Test
    void scaleIsFixedSoRadiusOneLandsAtTheFillFraction() {
        // SIDE looks from +z: +x is to the right, +y is up.
        PointCloud c = new PointCloud(new float[] {1, 0, 0, 0, 1, 0});
        PointCloudRenderer r = new PointCloudRenderer(0.8, 2);
        BufferedImage img = r.render(c, View.SIDE, 200, 200);
        int right = (int) Math.round(100 + 0.8 * 100), top = (int) Math.round(100 - 0.8 * 100);
        assertTrue((img.getRGB(right, 100) & 0xFFFFFF) != WHITE, "point (1,0,0) should be drawn at x=" + right);
        assertTrue((img.getRGB(100, top) & 0xFFFFFF) != WHITE, "point (0,1,0) should be drawn at y=" + top);
        assertEquals(WHITE, img.getRGB(100, 100) & 0xFFFFFF, "nothing at the centre");
    }

    @Test
    void nearPointsCoverFarPointsAndAreDarker() {
        // Same screen position in the FRONT view (u = -z, v = y), depth = x: the x = 0.9 point is nearest.
        PointCloud c = new PointCloud(new float[] {0.9f, 0, 0, -0.9f, 0, 0});
        int[] colours = {0xFF0000, 0x0000FF};
        BufferedImage img = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 100, 100);
        new PointCloudRenderer().draw(g, c, View.FRONT, 0, 0, 100, 100, Color.BLACK, colours);
        g.dispose();
        int centre = img.getRGB(50, 50) & 0xFFFFFF;
        assertTrue(
                ((centre >> 16) & 0xFF) > (centre & 0xFF),
                "near red point must be on top, got " + Integer.toHexString(centre));
        Color near = PointCloudRenderer.shade(0x000000, 1), far = PointCloudRenderer.shade(0x000000, 0);
        assertTrue(near.getRed() < far.getRed(), "near points must be darker");
    }

    @Test
    void renderViewsPlacesEachViewInItsOwnCell() {
        BufferedImage img = new PointCloudRenderer().renderViews(lShape(1000, 4), List.of(View.TOP, View.SIDE), 90);
        assertEquals(180, img.getWidth());
        assertTrue(nonWhite(img, 0, 0, 90, 90) > 100);
        assertTrue(nonWhite(img, 90, 0, 90, 90) > 100);
    }

    @Test
    void badArgumentsAreRejected() {
        PointCloudRenderer r = new PointCloudRenderer();
        assertThrows(IllegalArgumentException.class, () -> r.render(lShape(10, 1), View.TOP, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new PointCloudRenderer(-1, 1));
        BufferedImage img = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        assertThrows(
                IllegalArgumentException.class,
                () -> r.draw(img.createGraphics(), lShape(10, 1), View.TOP, 0, 0, 10, 10, Color.BLACK, new int[3]));
    }
}
