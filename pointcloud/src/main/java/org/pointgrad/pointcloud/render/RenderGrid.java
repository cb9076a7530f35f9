package org.pointgrad.pointcloud.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.pointgrad.nn.io.AtomicFiles;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.transform.AxisConvention;

/**
 * A grid of rendered clouds with an optional title, optional row labels on the left, and a caption under each cell.
 * Fill it with {@link #put}, then {@link #render()} or {@link #writePng(Path)}.
 */
public final class RenderGrid {
    /** Height of the caption band under each cell, in pixels. */
    public static final int CAPTION_HEIGHT = 20;
    /** Height of the title band, in pixels (only when a title is set). */
    public static final int TITLE_HEIGHT = 30;
    /** Width of the row-label band, in pixels (only when some row has a label). */
    public static final int ROW_LABEL_WIDTH = 120;

    private final int rows, columns, cellSize;
    private final PointCloud[][] clouds;
    private final String[][] captions;
    private final Color[][] colors;
    private final View[][] views;
    private final String[] rowLabels;
    private String title;
    private View view = View.THREE_QUARTER;
    private AxisConvention axes = AxisConvention.POINTGRAD;
    private PointCloudRenderer renderer = new PointCloudRenderer();

    /** An empty grid of {@code rows x columns} square cells of {@code cellSize} pixels (plus caption bands). */
    public RenderGrid(int rows, int columns, int cellSize) {
        if (rows <= 0 || columns <= 0)
            throw new IllegalArgumentException("RenderGrid: need rows, columns >= 1, got " + rows + "x" + columns);
        if (cellSize < 16)
            throw new IllegalArgumentException("RenderGrid: cellSize must be at least 16 pixels, got " + cellSize);
        this.rows = rows;
        this.columns = columns;
        this.cellSize = cellSize;
        clouds = new PointCloud[rows][columns];
        captions = new String[rows][columns];
        colors = new Color[rows][columns];
        views = new View[rows][columns];
        rowLabels = new String[rows];
    }

    /** Sets the default view for cells without their own (initially {@link View#THREE_QUARTER}). */
    public RenderGrid view(View v) {
        this.view = Objects.requireNonNull(v, "view");
        return this;
    }

    /**
     * States the axis convention of the clouds put in this grid (initially {@link AxisConvention#POINTGRAD}); they
     * are rotated into the views' airplane axes when drawn, so every view shows them upright, nose as named.
     */
    public RenderGrid axes(AxisConvention a) {
        this.axes = Objects.requireNonNull(a, "axes");
        return this;
    }

    /** Uses {@code r} to draw cells. */
    public RenderGrid renderer(PointCloudRenderer r) {
        this.renderer = Objects.requireNonNull(r, "renderer");
        return this;
    }

    /** Sets a title drawn across the top (null for none). */
    public RenderGrid title(String t) {
        this.title = t;
        return this;
    }

    /** Labels row {@code row} on the left, e.g. "input" or "reconstruction". */
    public RenderGrid rowLabel(int row, String label) {
        checkCell(row, 0);
        rowLabels[row] = label;
        return this;
    }

    /** Places {@code cloud} in cell (row, col) in the default colour and view. */
    public RenderGrid put(int row, int col, PointCloud cloud, String caption) {
        return put(row, col, cloud, caption, PointCloudRenderer.DEFAULT_COLOR, null);
    }

    /**
     * Places {@code cloud} in cell (row, col) with a caption (may be null), a colour, and a view (null = grid default).
     */
    public RenderGrid put(int row, int col, PointCloud cloud, String caption, Color color, View cellView) {
        checkCell(row, col);
        clouds[row][col] = Objects.requireNonNull(cloud, "cloud");
        captions[row][col] = caption;
        colors[row][col] = Objects.requireNonNull(color, "color");
        views[row][col] = cellView;
        return this;
    }

    /** Total image width in pixels. */
    public int width() {
        return labelWidth() + columns * cellSize;
    }

    /** Total image height in pixels. */
    public int height() {
        return titleHeight() + rows * (cellSize + CAPTION_HEIGHT);
    }

    /** Left edge x of column {@code col}'s picture. */
    public int cellX(int col) {
        return labelWidth() + col * cellSize;
    }

    /** Top edge y of row {@code row}'s picture; its caption band starts at {@code cellY(row) + cellSize}. */
    public int cellY(int row) {
        return titleHeight() + row * (cellSize + CAPTION_HEIGHT);
    }

    /** Draws the whole grid on a white background. */
    public BufferedImage render() {
        BufferedImage img = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            Font captionFont = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
            if (title != null) {
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
                g.setColor(Color.BLACK);
                drawCentered(g, title, 0, 0, img.getWidth(), TITLE_HEIGHT);
            }
            for (int r = 0; r < rows; r++) {
                if (rowLabels[r] != null) {
                    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
                    g.setColor(Color.BLACK);
                    drawCentered(g, rowLabels[r], 4, cellY(r), ROW_LABEL_WIDTH - 8, cellSize);
                }
                for (int c = 0; c < columns; c++) {
                    int x = cellX(c), y = cellY(r);
                    g.setColor(new Color(225, 225, 225));
                    g.drawRect(x, y, cellSize - 1, cellSize + CAPTION_HEIGHT - 1);
                    if (clouds[r][c] != null) {
                        View v = views[r][c] != null ? views[r][c] : view;
                        renderer.draw(
                                g,
                                axes.toCanonical(clouds[r][c]),
                                v,
                                x + 1,
                                y + 1,
                                cellSize - 2,
                                cellSize - 2,
                                colors[r][c],
                                null);
                    }
                    if (captions[r][c] != null) {
                        g.setFont(captionFont);
                        g.setColor(Color.DARK_GRAY);
                        drawCentered(g, captions[r][c], x, y + cellSize, cellSize, CAPTION_HEIGHT);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * Renders and writes the grid as a PNG, creating parent directories. The file is replaced atomically: a failed
     * write (a full disk) leaves the previous file or none, never a truncated one.
     */
    public void writePng(Path path) throws IOException {
        writePng(render(), path);
    }

    /** Writes {@code img} as a PNG to {@code path} atomically, creating parent directories. */
    static void writePng(BufferedImage img, Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        // Atomic: an interrupted or failed write leaves the previous picture (or none), never a torn one.
        AtomicFiles.writeStream(path, out -> {
            if (!ImageIO.write(img, "png", out))
                throw new IOException("RenderGrid: no PNG writer available for " + path);
        });
    }

    private int labelWidth() {
        for (String s : rowLabels) if (s != null) return ROW_LABEL_WIDTH;
        return 0;
    }

    private int titleHeight() {
        return title == null ? 0 : TITLE_HEIGHT;
    }

    private void checkCell(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= columns) {
            throw new IndexOutOfBoundsException(
                    "RenderGrid: cell (" + row + ", " + col + ") outside " + rows + "x" + columns);
        }
    }

    private static void drawCentered(Graphics2D g, String s, int x, int y, int w, int h) {
        FontMetrics fm = g.getFontMetrics();
        String text = s;
        // Shorten long captions rather than letting them spill into the neighbouring cell.
        while (text.length() > 1 && fm.stringWidth(text) > w - 4) text = text.substring(0, text.length() - 2) + "…";
        int tx = x + (w - fm.stringWidth(text)) / 2;
        int ty = y + (h - fm.getHeight()) / 2 + fm.getAscent();
        g.drawString(text, tx, ty);
    }
}
