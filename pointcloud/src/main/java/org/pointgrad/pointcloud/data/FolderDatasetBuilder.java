package org.pointgrad.pointcloud.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.io.NpyReader;
import org.pointgrad.pointcloud.io.NpyWriter;
import org.pointgrad.pointcloud.transform.Normalization;

/**
 * Configures and loads a {@link ShapeDataset} from the shapes of a collection (a {@link ShapeCollection}: ShapeNet,
 * ModelNet or a plain folder of shape files, hidden files skipped), in sorted id order, labelled and split as the
 * collection's layout says. Each file becomes exactly {@link #pointsPerCloud} points: meshes are sampled on the
 * surface, point files subsampled or padded, with a random generator seeded from the id and {@link #seed}, so a
 * file's cloud never depends on the other files. Then the normalization is applied. Normals are not kept.
 */
public final class FolderDatasetBuilder {
    private final Path root;
    private int pointsPerCloud = 2048;
    private long seed;
    private Normalization normalization = Normalization.DEFAULT;
    private Function<String, String> labeler;
    private CollectionLayout layout;
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

    /** The collection's layout (default: detected from the folder, see {@link ShapeCollection#detect}). */
    public FolderDatasetBuilder layout(CollectionLayout layout) {
        this.layout = layout;
        return this;
    }

    /**
     * Labels each file by the name of the folder containing it (e.g. "airplane/0001.off" gets "airplane"); top-level
     * files get none.
     */
    public FolderDatasetBuilder labelByParentFolder() {
        labeler = id -> {
            int slash = id.lastIndexOf('/');
            if (slash < 0) return null;
            int prev = id.lastIndexOf('/', slash - 1);
            return id.substring(prev + 1, slash);
        };
        return this;
    }

    /**
     * Labels each file by a function of its id (relative path with '/' separators); null means no label. Without a
     * labeler the collection's labels are used.
     */
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

    /**
     * When true, unreadable and degenerate files ({@link CloudChecks}) are listed in {@link ShapeDataset#badFiles()}
     * instead of failing the load; otherwise degenerate ones are kept and listed in {@link ShapeDataset#warnings()}.
     */
    public FolderDatasetBuilder skipBadFiles(boolean skip) {
        skipBadFiles = skip;
        return this;
    }

    /**
     * Loads only one side of the collection's split (hash of the relative path and {@link #seed} below
     * {@code testFraction}, or ModelNet's own); default everything, with a test fraction of 0.2.
     */
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
        ShapeCollection collection = ShapeCollection.scan(root, layout, testFraction, seed);
        Path cache = cacheDir == null ? null : cacheDir.toAbsolutePath().normalize();
        List<CollectionEntry> entries = new ArrayList<>();
        for (CollectionEntry e : collection.entries()) {
            if (cache != null && e.file().toAbsolutePath().normalize().startsWith(cache)) continue;
            if (split == Split.ALL || (split == Split.TEST) == e.heldOut()) entries.add(e);
        }
        // Files load in parallel; each one's randomness comes from its own id, so the result does not depend on
        // the thread count, and errors are reported in sorted order afterwards.
        ShapeLoader.Loaded[] clouds = new ShapeLoader.Loaded[entries.size()];
        Exception[] errors = new Exception[entries.size()];
        Parallel.forRange(entries.size(), 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                try {
                    clouds[i] = load(entries.get(i));
                } catch (IOException | RuntimeException e) {
                    errors[i] = e;
                }
            }
        });
        List<Sample> samples = new ArrayList<>();
        List<BadFile> bad = new ArrayList<>(collection.skipped());
        List<BadFile> warnings = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            CollectionEntry e = entries.get(i);
            if (errors[i] == null) {
                String problem = clouds[i].problem();
                if (problem != null) {
                    (skipBadFiles ? bad : warnings).add(new BadFile(e.file(), problem));
                    if (skipBadFiles) continue;
                }
                String label = labeler == null ? e.label() : labeler.apply(e.id());
                samples.add(new Sample(e.id(), clouds[i].cloud(), label, e.heldOut()));
            } else if (skipBadFiles
                    && (errors[i] instanceof IOException || errors[i] instanceof IllegalArgumentException)) {
                bad.add(new BadFile(e.file(), errors[i].getMessage()));
            } else if (errors[i] instanceof IOException io) {
                throw io;
            } else {
                throw (RuntimeException) errors[i];
            }
        }
        return new ShapeDataset(samples, bad, warnings);
    }

    private ShapeLoader.Loaded load(CollectionEntry e) throws IOException {
        Path cached = cacheDir == null ? null : cacheFile(e.file(), e.id());
        if (cached != null && Files.isRegularFile(cached)) {
            try {
                PointCloud c = NpyReader.read(cached).points();
                if (c.size() == pointsPerCloud) return new ShapeLoader.Loaded(c, CloudChecks.problem(c));
            } catch (IOException ex) {
                // A damaged cache entry is rebuilt from the source below.
            }
        }
        SplittableRandom rng = new SplittableRandom(StableHash.of(e.id(), seed));
        ShapeLoader.Loaded raw =
                ShapeLoader.load(e.file(), ShapeLoader.readBytes(e.file()), pointsPerCloud, rng, false);
        PointCloud cloud = normalization.apply(raw.cloud());
        if (cached != null) writeCache(cached, cloud);
        return new ShapeLoader.Loaded(cloud, raw.problem());
    }

    private Path cacheFile(Path file, String id) throws IOException {
        String key = id + "|" + Files.size(file) + "|"
                + Files.getLastModifiedTime(file).toMillis() + "|" + pointsPerCloud + "|" + seed + "|" + normalization;
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
