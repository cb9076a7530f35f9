package org.pointgrad.pointcloud.render;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.pointgrad.pointcloud.PointCloud;

/**
 * One-call PNG writers for the usual pictures: a grid of clouds, input/reconstruction pairs, several views. The
 * {@code *Grid} variants return the grid instead, e.g. to state the clouds' axis convention with
 * {@link RenderGrid#axes} before writing it.
 */
public final class Renderings {
    /** Colour of input clouds in pair pictures. */
    public static final Color INPUT_COLOR = new Color(25, 55, 110);
    /** Colour of reconstructions in pair pictures. */
    public static final Color RECONSTRUCTION_COLOR = new Color(150, 30, 30);
    /** Cell size used by the short overloads. */
    public static final int DEFAULT_CELL = 256;

    private Renderings() {}

    /** Writes {@code clouds} in a grid of {@code columns} columns (three-quarter view, 256-pixel cells). */
    public static void writePng(Path path, List<PointCloud> clouds, List<String> captions, int columns)
            throws IOException {
        writePng(path, clouds, captions, columns, View.THREE_QUARTER, DEFAULT_CELL, null);
    }

    /**
     * Writes {@code clouds} row by row in a grid of {@code columns} columns, each with the caption at the same index
     * ({@code captions} may be null, or hold nulls), drawn from {@code view} in cells of {@code cellSize} pixels,
     * with an optional {@code title}.
     */
    public static void writePng(
            Path path,
            List<PointCloud> clouds,
            List<String> captions,
            int columns,
            View view,
            int cellSize,
            String title)
            throws IOException {
        grid(clouds, captions, columns, view, cellSize, title).writePng(path);
    }

    /** The grid {@link #writePng(Path, List, List, int, View, int, String)} would write, for further changes. */
    public static RenderGrid grid(
            List<PointCloud> clouds, List<String> captions, int columns, View view, int cellSize, String title) {
        if (clouds.isEmpty()) throw new IllegalArgumentException("Renderings: no clouds to draw");
        checkCaptions(captions, clouds.size());
        if (columns <= 0) throw new IllegalArgumentException("Renderings: columns must be positive, got " + columns);
        int cols = Math.min(columns, clouds.size());
        int rows = (clouds.size() + cols - 1) / cols;
        RenderGrid g = new RenderGrid(rows, cols, cellSize).view(view).title(title);
        for (int i = 0; i < clouds.size(); i++) {
            g.put(i / cols, i % cols, clouds.get(i), captions == null ? null : captions.get(i));
        }
        return g;
    }

    /**
     * Writes input/reconstruction pairs: blocks of two rows ("input" in blue above "reconstruction" in red) with up
     * to {@code columns} pairs per block, each pair captioned with {@code captions.get(i)} (may be null).
     */
    public static void writePairsPng(
            Path path,
            List<PointCloud> inputs,
            List<PointCloud> reconstructions,
            List<String> captions,
            int columns,
            View view,
            int cellSize,
            String title)
            throws IOException {
        pairsGrid(inputs, reconstructions, captions, columns, view, cellSize, title)
                .writePng(path);
    }

    /** The grid {@link #writePairsPng} would write. */
    public static RenderGrid pairsGrid(
            List<PointCloud> inputs,
            List<PointCloud> reconstructions,
            List<String> captions,
            int columns,
            View view,
            int cellSize,
            String title) {
        if (inputs.size() != reconstructions.size()) {
            throw new IllegalArgumentException(
                    "Renderings: " + inputs.size() + " inputs but " + reconstructions.size() + " reconstructions");
        }
        if (inputs.isEmpty()) throw new IllegalArgumentException("Renderings: no pairs to draw");
        checkCaptions(captions, inputs.size());
        if (columns <= 0) throw new IllegalArgumentException("Renderings: columns must be positive, got " + columns);
        int cols = Math.min(columns, inputs.size());
        int blocks = (inputs.size() + cols - 1) / cols;
        RenderGrid g = new RenderGrid(2 * blocks, cols, cellSize).view(view).title(title);
        for (int b = 0; b < blocks; b++) {
            g.rowLabel(2 * b, "input").rowLabel(2 * b + 1, "reconstruction");
        }
        for (int i = 0; i < inputs.size(); i++) {
            int row = 2 * (i / cols), col = i % cols;
            String cap = captions == null ? null : captions.get(i);
            g.put(row, col, inputs.get(i), cap, INPUT_COLOR, null);
            g.put(row + 1, col, reconstructions.get(i), cap, RECONSTRUCTION_COLOR, null);
        }
        return g;
    }

    /** Writes one row per cloud (labelled by its caption) and one column per view (captioned with the view name). */
    public static void writeViewsPng(
            Path path, List<PointCloud> clouds, List<String> captions, List<View> views, int cellSize, String title)
            throws IOException {
        viewsGrid(clouds, captions, views, cellSize, title).writePng(path);
    }

    /** The grid {@link #writeViewsPng} would write. */
    public static RenderGrid viewsGrid(
            List<PointCloud> clouds, List<String> captions, List<View> views, int cellSize, String title) {
        if (clouds.isEmpty()) throw new IllegalArgumentException("Renderings: no clouds to draw");
        if (views.isEmpty()) throw new IllegalArgumentException("Renderings: no views given");
        checkCaptions(captions, clouds.size());
        RenderGrid g = new RenderGrid(clouds.size(), views.size(), cellSize).title(title);
        for (int r = 0; r < clouds.size(); r++) {
            if (captions != null && captions.get(r) != null) g.rowLabel(r, captions.get(r));
            for (int c = 0; c < views.size(); c++) {
                g.put(
                        r,
                        c,
                        clouds.get(r),
                        views.get(c).name().toLowerCase(Locale.ROOT).replace('_', ' '),
                        PointCloudRenderer.DEFAULT_COLOR,
                        views.get(c));
            }
        }
        return g;
    }

    private static void checkCaptions(List<String> captions, int n) {
        if (captions != null && captions.size() != n) {
            throw new IllegalArgumentException("Renderings: " + captions.size() + " captions for " + n + " clouds");
        }
    }
}
