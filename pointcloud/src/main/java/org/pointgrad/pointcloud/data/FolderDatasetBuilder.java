package org.pointgrad.pointcloud.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.io.NpyReader;
import org.pointgrad.pointcloud.io.NpyWriter;
import org.pointgrad.pointcloud.io.ShapeData;
import org.pointgrad.pointcloud.io.ShapeFiles;
import org.pointgrad.pointcloud.io.ShapeFormat;
import org.pointgrad.pointcloud.transform.Normalization;

/**
 * Configures and loads a {@link ShapeDataset} from every shape file (.ply, .obj, .off, .xyz, .pts, .npy; hidden
 * files skipped) below a root folder, recursively, in sorted relative-path order. Each file becomes exactly
 * {@link #pointsPerCloud} points: meshes are sampled on the surface, point files subsampled or padded, with a
 * random generator seeded from the relative path and {@link #seed}, so a file's cloud never depends on the other
 * files. Then the normalization is applied. Normals are not kept.
 */
public final class FolderDatasetBuilder {
    private final Path root;
    private int pointsPerCloud = 2048;
    private long seed;
    private Normalization normalization = Normalization.DEFAULT;
    private Function<String, String> labeler = id -> null;
    private Path cacheDir;
    private boolean skipBadFiles;
    private Split split = Split.ALL;
    private double testFraction = 0.2;

    FolderDatasetBuilder(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** Points per cloud (default 2048). */
    public FolderDatasetBuilder pointsPerCloud(int n) {
        if (n <= 0) throw new IllegalArgumentException("pointsPerCloud must be > 0, got " + n);
        pointsPerCloud = n;
        return this;
    }

    /** Seed for per-file sampling and for the train/test split (default 0). */
    public FolderDatasetBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Normalization applied to every cloud (default {@link Normalization#UNIT_BALL}, as in AtlasNet). */
    public FolderDatasetBuilder normalization(Normalization n) {
        normalization = Objects.requireNonNull(n, "normalization");
        return this;
    }

    /** Labels each file by the name of the folder containing it (e.g. "airplane/0001.off" gets "airplane"); top-level files get none. */
    public FolderDatasetBuilder labelByParentFolder() {
        labeler = id -> {
            int slash = id.lastIndexOf('/');
            if (slash < 0) return null;
            int prev = id.lastIndexOf('/', slash - 1);
            return id.substring(prev + 1, slash);
        };
        return this;
    }

    /** Labels each file by a function of its id (relative path with '/' separators); null means no label. */
    public FolderDatasetBuilder labeler(Function<String, String> labeler) {
        this.labeler = Objects.requireNonNull(labeler, "labeler");
        return this;
    }

    /**
     * Caches each finished cloud as float32 .npy under {@code dir}, keyed by relative path, file size, modification
     * time, point count, seed and normalization; later loads read the cache instead of re-sampling. Null disables it.
     */
    public FolderDatasetBuilder cacheDir(Path dir) {
        cacheDir = dir;
        return this;
    }

    /** When true, unreadable files are listed in {@link ShapeDataset#badFiles()} instead of failing the load. */
    public FolderDatasetBuilder skipBadFiles(boolean skip) {
        skipBadFiles = skip;
        return this;
    }

    /** Loads only one side of the split (see {@link ShapeDataset#split}); the split seed is {@link #seed}. */
    public FolderDatasetBuilder split(Split which, double testFraction) {
        ShapeDataset.checkFraction(testFraction);
        split = Objects.requireNonNull(which, "split");
        this.testFraction = testFraction;
        return this;
    }

    /**
     * Loads the dataset. Without skipBadFiles the first unreadable file (in sorted order) throws its
     * {@link org.pointgrad.pointcloud.io.ShapeFormatException} (or other IOException).
     */
    public ShapeDataset build() throws IOException {
        if (!Files.isDirectory(root)) throw new IOException(root + ": not a directory");
        List<Path> files = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Path f : listShapeFiles()) {
            String id = idOf(f);
            if (ShapeDataset.inSplit(id, split, testFraction, seed)) {
                files.add(f);
                ids.add(id);
            }
        }
        // Files load in parallel; each one's randomness comes from its own id, so the result does not depend on
        // the thread count, and errors are reported in sorted order afterwards.
        PointCloud[] clouds = new PointCloud[files.size()];
        Exception[] errors = new Exception[files.size()];
        Parallel.forRange(files.size(), 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                try {
                    clouds[i] = load(files.get(i), ids.get(i));
                } catch (IOException | RuntimeException e) {
                    errors[i] = e;
                }
            }
        });
        List<Sample> samples = new ArrayList<>();
        List<BadFile> bad = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (errors[i] == null) {
                samples.add(new Sample(ids.get(i), clouds[i], labeler.apply(ids.get(i))));
            } else if (skipBadFiles && (errors[i] instanceof IOException || errors[i] instanceof IllegalArgumentException)) {
                bad.add(new BadFile(files.get(i), errors[i].getMessage()));
            } else if (errors[i] instanceof IOException io) {
                throw io;
            } else {
                throw (RuntimeException) errors[i];
            }
        }
        return new ShapeDataset(samples, bad);
    }

    private List<Path> listShapeFiles() throws IOException {
        Path cache = cacheDir == null ? null : cacheDir.toAbsolutePath().normalize();
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> cache == null || !p.toAbsolutePath().normalize().startsWith(cache))
                    .filter(p -> !root.relativize(p).toString().startsWith(".") && !p.getFileName().toString().startsWith("."))
                    .filter(FolderDatasetBuilder::hasShapeExtension)
                    .sorted((a, b) -> idOf(a).compareTo(idOf(b)))
                    .toList();
        }
    }

    private static boolean hasShapeExtension(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        for (ShapeFormat f : ShapeFormat.values()) if (n.endsWith("." + f.extension())) return true;
        return false;
    }

    private String idOf(Path file) {
        Path rel = root.relativize(file);
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            if (sb.length() > 0) sb.append('/');
            sb.append(part);
        }
        return sb.toString();
    }

    private PointCloud load(Path file, String id) throws IOException {
        Path cached = cacheDir == null ? null : cacheFile(file, id);
        if (cached != null && Files.isRegularFile(cached)) {
            try {
                PointCloud c = NpyReader.read(cached).points();
                if (c.size() == pointsPerCloud) return c;
            } catch (IOException e) {
                // A damaged cache entry is rebuilt from the source below.
            }
        }
        SplittableRandom rng = new SplittableRandom(StableHash.of(id, seed));
        ShapeData data = ShapeFiles.read(file);
        PointCloud raw = data.toPointCloud(pointsPerCloud, rng);
        if (raw.size() == 0) throw new IOException(file + ": contains no points");
        PointCloud cloud = normalization.apply(Resampling.toCount(raw, pointsPerCloud, rng));
        if (cached != null) writeCache(cached, cloud);
        return cloud;
    }

    private Path cacheFile(Path file, String id) throws IOException {
        String key = id + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis() + "|"
                + pointsPerCloud + "|" + seed + "|" + normalization;
        String name = id.replaceAll("[^A-Za-z0-9._-]", "_");
        return cacheDir.resolve(name + "-" + Long.toHexString(StableHash.of(key, 0)) + ".npy");
    }

    private static void writeCache(Path target, PointCloud cloud) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".tmp-", ".npy");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            NpyWriter.write(out, cloud);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
