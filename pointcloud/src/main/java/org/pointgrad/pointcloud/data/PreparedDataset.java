package org.pointgrad.pointcloud.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.io.NpyReader;

/**
 * A point dataset written by {@link DatasetPreparer}: every shape of a collection sampled once, in its source
 * frame, with normals. The folder holds {@value #MANIFEST} (one row per shape: name, label, split, source path,
 * SHA-256 of the source bytes, point count, points file), {@value #SKIPPED} (every file left out and why) and the
 * points under {@value #SHAPES}/ as float32 {@code .npy} arrays of shape (N, 3), normals beside them.
 */
public final class PreparedDataset {
    /** The manifest's file name; a folder holding it (with {@link #MAGIC} as first line) is a prepared dataset. */
    public static final String MANIFEST = "manifest.tsv";
    /** The list of skipped files. */
    public static final String SKIPPED = "skipped.tsv";
    /** The folder of point files. */
    public static final String SHAPES = "shapes";
    /** First line of the manifest. */
    static final String MAGIC = "# pointgrad prepared dataset, version 1";

    static final String COLUMNS = "name\tlabel\tsplit\tsource\tsha256\tpoints\tfile";

    /**
     * One shape.
     *
     * @param name    the collection id (see {@link CollectionEntry#id})
     * @param label   class label, or null
     * @param heldOut true on the held-out side of the collection's split
     * @param source  the source file as given when preparing
     * @param sha256  hex SHA-256 of the source file's bytes
     * @param points  stored point count
     * @param file    the points file, relative to the dataset folder; normals are in {@link #normalsFile()}
     */
    public record Entry(
            String name, String label, boolean heldOut, String source, String sha256, int points, String file) {
        /** The normals file, relative to the dataset folder. */
        public String normalsFile() {
            return file.substring(0, file.length() - ".npy".length()) + ".normals.npy";
        }

        String toRow() {
            return String.join(
                    "\t",
                    escape(name),
                    label == null ? "" : escape(label),
                    heldOut ? "test" : "train",
                    escape(source),
                    sha256,
                    Integer.toString(points),
                    escape(file));
        }

        static Entry parseRow(String row, Path manifest, int line) throws IOException {
            String[] f = row.split("\t", -1);
            if (f.length != 7)
                throw error(
                        manifest,
                        line,
                        "has " + f.length + " tab-separated fields; expected 7 (" + COLUMNS.replace('\t', ' ') + ")");
            if (!f[2].equals("train") && !f[2].equals("test"))
                throw error(manifest, line, "split is '" + f[2] + "'; expected train or test");
            if (!f[4].matches("[0-9a-f]{64}"))
                throw error(manifest, line, "sha256 '" + f[4] + "' is not 64 hex digits");
            int points;
            try {
                points = Integer.parseInt(f[5]);
            } catch (NumberFormatException e) {
                throw error(manifest, line, "point count '" + f[5] + "' is not an integer");
            }
            if (points < 1) throw error(manifest, line, "point count " + points + " must be >= 1");
            if (!f[6].endsWith(".npy")) throw error(manifest, line, "points file '" + f[6] + "' does not end in .npy");
            return new Entry(
                    unescape(f[0]),
                    f[1].isEmpty() ? null : unescape(f[1]),
                    f[2].equals("test"),
                    unescape(f[3]),
                    f[4],
                    points,
                    unescape(f[6]));
        }
    }

    private final Path dir;
    private final Map<String, String> properties;
    private final List<Entry> entries;

    private PreparedDataset(Path dir, Map<String, String> properties, List<Entry> entries) {
        this.dir = dir;
        this.properties = properties;
        this.entries = List.copyOf(entries);
    }

    /** True when {@code dir} is a folder holding a prepared dataset's manifest. */
    public static boolean isPrepared(Path dir) {
        Path m = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(m)) return false;
        try (BufferedReader r = Files.newBufferedReader(m, StandardCharsets.UTF_8)) {
            return MAGIC.equals(r.readLine());
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads the manifest of the dataset in {@code dir}; a malformed line is an error naming the file and line. */
    public static PreparedDataset open(Path dir) throws IOException {
        Path m = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(m))
            throw new IOException(
                    dir + ": no " + MANIFEST + "; not a prepared dataset (make one with `pointvae prepare`)");
        List<String> lines = Files.readAllLines(m, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) throw error(m, 1, "first line is not '" + MAGIC + "'");
        Map<String, String> props = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        boolean columns = false;
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isEmpty()) continue;
            if (l.startsWith("# ")) {
                int eq = l.indexOf('=');
                if (eq > 2)
                    props.put(
                            l.substring(2, eq).trim(),
                            unescape(l.substring(eq + 1).trim()));
            } else if (!columns) {
                if (!l.equals(COLUMNS))
                    throw error(m, i + 1, "expected the column line '" + COLUMNS.replace('\t', ' ') + "'");
                columns = true;
            } else {
                entries.add(Entry.parseRow(l, m, i + 1));
            }
        }
        return new PreparedDataset(dir, props, entries);
    }

    /** The dataset folder. */
    public Path dir() {
        return dir;
    }

    /** The shapes, sorted by name. */
    public List<Entry> entries() {
        return entries;
    }

    /** A setting recorded by prepare ({@code points}, {@code seed}, {@code layout}, {@code root}), or null. */
    public String property(String key) {
        return properties.get(key);
    }

    /** The stored points of {@code e}, in the source file's frame. */
    public PointCloud points(Entry e) throws IOException {
        return read(e, e.file());
    }

    /** The stored unit normals of {@code e}. */
    public PointCloud normals(Entry e) throws IOException {
        return read(e, e.normalsFile());
    }

    private PointCloud read(Entry e, String file) throws IOException {
        Path f = dir.resolve(file);
        PointCloud c = NpyReader.read(f).points();
        if (c.size() != e.points()) {
            throw new IOException(f + ": holds " + c.size() + " points but " + dir.resolve(MANIFEST)
                    + " says " + e.points()
                    + " (re-run `pointvae prepare` to repair the dataset)");
        }
        return c;
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static IOException error(Path file, int line, String what) {
        return new IOException(file + ":" + line + ": " + what);
    }
}
