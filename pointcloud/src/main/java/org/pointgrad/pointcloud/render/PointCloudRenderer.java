package org.pointgrad.pointcloud.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.pointgrad.pointcloud.PointCloud;

/**
 * Draws point clouds as depth-shaded dots with plain Java2D: orthographic projection through a fixed {@link View},
 * points painted far to near, nearer points darker and larger. The scale is fixed (radius 1 fills
 * {@link #fill()} of the half-size of the target box), so unit-ball clouds are drawn at the same size everywhere.
 */
public final class PointCloudRenderer {
    /** Default colour of a cloud when none is given. */
    public static final Color DEFAULT_COLOR = new Color(25, 55, 110);

    private final double fill;
    private final double pointRadius;

    /** A renderer with 0.92 fill and 1.6-pixel points (per 256 pixels of box size). */
    public PointCloudRenderer() {
        this(0.92, 1.6);
    }

    /**
     * @param fill        fraction of the half box size that distance 1 from the origin maps to
     * @param pointRadius dot radius in pixels for a 256-pixel box at middle depth; scales with the box
     */
    public PointCloudRenderer(double fill, double pointRadius) {
        if (!(fill > 0) || Double.isInfinite(fill))
            throw new IllegalArgumentException("PointCloudRenderer: fill must be positive, got " + fill);
        if (!(pointRadius > 0) || Double.isInfinite(pointRadius)) {
            throw new IllegalArgumentException("PointCloudRenderer: pointRadius must be positive, got " + pointRadius);
        }
        this.fill = fill;
        this.pointRadius = pointRadius;
    }

    /** The fraction of the half box size that radius 1 maps to. */
    public double fill() {
        return fill;
    }

    /** Renders {@code cloud} alone on a white image of the given size in {@link #DEFAULT_COLOR}. */
    public BufferedImage render(PointCloud cloud, View view, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(
                    "PointCloudRenderer: image size must be positive, got " + width + "x" + height);
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            draw(g, cloud, view, 0, 0, width, height, DEFAULT_COLOR, null);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Renders {@code cloud} from each of {@code views}, side by side in square cells of {@code cellSize} pixels. */
    public BufferedImage renderViews(PointCloud cloud, List<View> views, int cellSize) {
        if (views.isEmpty()) throw new IllegalArgumentException("PointCloudRenderer: need at least one view");
        if (cellSize <= 0)
            throw new IllegalArgumentException("PointCloudRenderer: cellSize must be positive, got " + cellSize);
        BufferedImage img = new BufferedImage(cellSize * views.size(), cellSize, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            for (int i = 0; i < views.size(); i++) {
                draw(g, cloud, views.get(i), i * cellSize, 0, cellSize, cellSize, DEFAULT_COLOR, null);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * Draws {@code cloud} into the box (x, y, w, h) of {@code g}, centred on the origin of the cloud's coordinates.
     * Colours: {@code perPointRgb} (packed 0xRRGGBB, one per point) when not null, else {@code color}.
     * Nothing outside the box is painted.
     */
    public void draw(
            Graphics2D g, PointCloud cloud, View view, int x, int y, int w, int h, Color color, int[] perPointRgb) {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(color, "color");
        int n = cloud.size();
        if (perPointRgb != null && perPointRgb.length != n) {
            throw new IllegalArgumentException(
                    "PointCloudRenderer: " + perPointRgb.length + " colours for " + n + " points");
        }
        double[] u = new double[n], v = new double[n], d = new double[n];
        Integer[] order = new Integer[n];
        float[] p = cloud.xyz();
        for (int i = 0; i < n; i++) {
            double[] q = view.project(p[3 * i], p[3 * i + 1], p[3 * i + 2]);
            u[i] = q[0];
            v[i] = q[1];
            d[i] = q[2];
            order[i] = i;
        }
        // Painter's algorithm: far points first so near points cover them.
        Arrays.sort(order, (a, b) -> Double.compare(d[a], d[b]));
        double half = Math.min(w, h) / 2.0;
        double scale = fill * half;
        double cx = x + w / 2.0, cy = y + h / 2.0;
        double baseR = pointRadius * Math.min(w, h) / 256.0;
        Shape oldClip = g.getClip();
        Object oldAa = g.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
        g.clipRect(x, y, w, h);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Ellipse2D.Double dot = new Ellipse2D.Double();
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (!Double.isFinite(u[i]) || !Double.isFinite(v[i]) || !Double.isFinite(d[i])) continue;
            double near = Math.max(0, Math.min(1, (d[i] + 1) / 2));
            int rgb = perPointRgb != null ? perPointRgb[i] : color.getRGB();
            g.setColor(shade(rgb, near));
            double r = baseR * (0.6 + 0.8 * near);
            dot.setFrame(cx + u[i] * scale - r, cy - v[i] * scale - r, 2 * r, 2 * r);
            g.fill(dot);
        }
        g.setRenderingHint(
                RenderingHints.KEY_ANTIALIASING, oldAa == null ? RenderingHints.VALUE_ANTIALIAS_DEFAULT : oldAa);
        g.setClip(oldClip);
    }

    /** Blends towards white with distance so that depth reads as fog: near = full colour, far = pale. */
    static Color shade(int rgb, double near) {
        double fog = 0.72 * (1 - near);
        int r = (rgb >> 16) & 0xFF, gr = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
        return new Color((int) Math.round(r + (255 - r) * fog), (int) Math.round(gr + (255 - gr) * fog), (int)
                Math.round(b + (255 - b) * fog));
    }
}
