package org.pointgrad.pointcloud.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.nn.io.AtomicFiles;
import org.pointgrad.nn.io.ChannelWriter;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.io.NpyWriter;

/**
 * Writes a {@link PreparedDataset}: samples every shape of a collection once (seeded per shape from its id and the
 * seed, with normals; in the source frame) on {@link Parallel}'s threads, taking shapes as threads become free.
 * Resumable: each shape's points, normals and record are each replaced in one rename, the record last, so a kill
 * loses at most the shapes in flight; a re-run keeps every shape whose record matches the seed, the point count and the
 * source (its size and modification time, or else its SHA-256), samples the rest, and removes the files of shapes
 * whose source is gone. The manifest and the list of skipped files are rewritten at the end and forced to disk.
 */
public final class DatasetPreparer {
    /** What happened to one shape. */
    public enum Status {
        /** Sampled for the first time. */
        NEW,
        /** Sampled again because the source, the seed or the point count changed. */
        CHANGED,
        /** Kept from an earlier run. */
        UP_TO_DATE,
        /** Left out: unreadable or degenerate (listed with its reason). */
        SKIPPED
    }

    /** Progress callbacks; calls are serialized. */
    public interface Listener {
        /** Before the first shape. */
        default void started(int shapes) {}

        /** After each shape. */
        default void shapeDone(String id, Status status) {}
    }

    /**
     * @param shapes  shapes in the manifest
     * @param sampled shapes sampled in this run (new or changed)
     * @param kept    shapes kept from an earlier run
     * @param removed names of shapes of an earlier run whose source is gone, and whose files were deleted
     * @param skipped every file left out, with its reason (also in {@value PreparedDataset#SKIPPED})
     */
    public record Result(int shapes, int sampled, int kept, List<String> removed, List<BadFile> skipped) {}

    private record Outcome(Status status, PreparedDataset.Entry entry, BadFile bad) {}

    /** A shape's files, record first; {@link #SHAPE_FILE} matches these names and gives their base. */
    private static final List<String> SHAPE_SUFFIXES = List.of(".entry", ".npy", ".normals.npy");

    private static final Pattern SHAPE_FILE = Pattern.compile("(.+-[0-9a-f]{16})(\\.entry|\\.npy|\\.normals\\.npy)");

    private final Path source;
    private final Path out;
    private int points = 30_000;
    private long seed = 1;
    private CollectionLayout layout;
    private double testFraction = 0.2;

    /** Prepares the collection below {@code source} into the folder {@code out}. */
    public DatasetPreparer(Path source, Path out) {
        this.source = Objects.requireNonNull(source, "source");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Points per shape (default 30,000, as AtlasNet's pre-sampled ShapeNet). */
    public DatasetPreparer points(int n) {
        if (n < 1) throw new IllegalArgumentException("points per shape must be >= 1, got " + n);
        points = n;
        return this;
    }

    /** Seed of the per-shape sampling and of the split (default 1). */
    public DatasetPreparer seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The collection's layout (default: detected). */
    public DatasetPreparer layout(CollectionLayout layout) {
        this.layout = layout;
        return this;
    }

    /** Held-out fraction outside ModelNet (default 0.2). */
    public DatasetPreparer testFraction(double f) {
        ShapeDataset.checkFraction(f);
        testFraction = f;
        return this;
    }

    /** Prepares (or brings up to date) the dataset. */
    public Result run(Listener listener) throws IOException {
        Path outAbs = out.toAbsolutePath().normalize();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IOException(out + ": exists and is not a folder; expected a dataset folder");
        }
        ShapeCollection collection = ShapeCollection.scan(source, layout, testFraction, seed);
        List<CollectionEntry> entries = new ArrayList<>();
        for (CollectionEntry e : collection.entries()) {
            if (!e.file().toAbsolutePath().normalize().startsWith(outAbs)) entries.add(e);
        }
        Path shapes = out.resolve(PreparedDataset.SHAPES);
        Files.createDirectories(shapes);
        removeTempFiles(shapes);
        listener.started(entries.size());
        Outcome[] outcomes = new Outcome[entries.size()];
        int[] order = largestFirst(entries);
        Parallel.forEachPiece(entries.size(), 1, (from, to) -> {
            for (int k = from; k < to; k++) {
                int i = order[k];
                CollectionEntry e = entries.get(i);
                Outcome o;
                try {
                    o = prepare(e, shapes);
                } catch (IOException | RuntimeException ex) {
                    String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
                    o = new Outcome(
                            Status.SKIPPED,
                            null,
                            new BadFile(e.file(), msg.lines().findFirst().orElse(msg)));
                }
                outcomes[i] = o;
                synchronized (listener) {
                    listener.shapeDone(e.id(), o.status());
                }
            }
        });
        List<PreparedDataset.Entry> done = new ArrayList<>();
        List<BadFile> skipped = new ArrayList<>(collection.skipped());
        int sampled = 0, kept = 0;
        for (Outcome o : outcomes) {
            switch (o.status()) {
                case NEW, CHANGED -> sampled++;
                case UP_TO_DATE -> kept++;
                case SKIPPED -> skipped.add(o.bad());
            }
            if (o.entry() != null) done.add(o.entry());
        }
        List<String> removed = removeShapesNotIn(shapes, entries);
        writeManifest(collection.layout(), done);
        writeSkippedList(out.resolve(PreparedDataset.SKIPPED), skipped);
        return new Result(done.size(), sampled, kept, removed, skipped);
    }

    /**
     * Indices of the entries by decreasing source size: threads take shapes in this order, so the largest are not
     * left to one thread at the end while the others wait.
     */
    private static int[] largestFirst(List<CollectionEntry> entries) {
        long[] size = new long[entries.size()];
        for (int i = 0; i < size.length; i++) {
            try {
                size[i] = Files.size(entries.get(i).file());
            } catch (IOException unreadable) {
                // Its error is reported when the shape itself is prepared.
                size[i] = 0;
            }
        }
        return IntStream.range(0, size.length)
                .boxed()
                .sorted(Comparator.comparingLong((Integer i) -> -size[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /**
     * Deletes the record, points and normals of every shape in {@code shapes} that is not one of {@code entries}
     * (its source was deleted or moved), the record first so a kill mid-way never leaves a record without its
     * points; returns their names (the file base when the record is unreadable), sorted.
     */
    private static List<String> removeShapesNotIn(Path shapes, List<CollectionEntry> entries) throws IOException {
        Set<String> current = new HashSet<>();
        for (CollectionEntry e : entries) current.add(fileBase(e.id()));
        Set<String> gone = new TreeSet<>();
        try (Stream<Path> s = Files.list(shapes)) {
            for (Path p : s.toList()) {
                Matcher m = SHAPE_FILE.matcher(p.getFileName().toString());
                if (m.matches() && !current.contains(m.group(1))) gone.add(m.group(1));
            }
        }
        List<String> names = new ArrayList<>();
        for (String base : gone) {
            Stored old = Stored.read(shapes.resolve(base + ".entry"));
            names.add(old != null ? old.entry.name() : base);
            for (String suffix : SHAPE_SUFFIXES) Files.deleteIfExists(shapes.resolve(base + suffix));
        }
        names.sort(null);
        return names;
    }

    private Outcome prepare(CollectionEntry e, Path shapes) throws IOException {
        String base = fileBase(e.id());
        Path pointsFile = shapes.resolve(base + ".npy"), normalsFile = shapes.resolve(base + ".normals.npy");
        Path record = shapes.resolve(base + ".entry");
        String rel = PreparedDataset.SHAPES + "/" + base + ".npy";
        String sourceName = e.file().toAbsolutePath().normalize().toString();
        long size = Files.size(e.file()),
                mtime = Files.getLastModifiedTime(e.file()).toMillis();
        Stored old = Stored.read(record);
        boolean sameSettings = old != null
                && old.seed == seed
                && old.entry.points() == points
                && Files.isRegularFile(pointsFile)
                && Files.size(pointsFile) == old.pointsBytes;
        if (sameSettings && old.size == size && old.mtime == mtime) {
            return new Outcome(Status.UP_TO_DATE, entryOf(e, sourceName, old.entry.sha256(), rel), null);
        }
        byte[] bytes = ShapeLoader.readBytes(e.file());
        String sha = sha256(bytes);
        PreparedDataset.Entry entry = entryOf(e, sourceName, sha, rel);
        if (sameSettings && old.entry.sha256().equals(sha)) {
            writeRecord(record, entry, size, mtime, old.pointsBytes);
            return new Outcome(Status.UP_TO_DATE, entry, null);
        }
        SplittableRandom rng = new SplittableRandom(StableHash.of(e.id(), seed));
        ShapeLoader.Loaded l = ShapeLoader.load(e.file(), bytes, points, rng, true);
        if (l.problem() != null) return new Outcome(Status.SKIPPED, null, new BadFile(e.file(), l.problem()));
        writeNpy(pointsFile, l.cloud());
        if (l.cloud().hasNormals())
            writeNpy(normalsFile, new PointCloud(l.cloud().normals()));
        else Files.deleteIfExists(normalsFile);
        writeRecord(record, entry, size, mtime, Files.size(pointsFile));
        return new Outcome(old == null ? Status.NEW : Status.CHANGED, entry, null);
    }

    private PreparedDataset.Entry entryOf(CollectionEntry e, String sourceName, String sha, String rel) {
        return new PreparedDataset.Entry(e.id(), e.label(), e.heldOut(), sourceName, sha, points, rel);
    }

    /**
     * A shape's record from an earlier run: its manifest row, then the seed, the source's size and mtime, and the
     * points file's size (a file cut short by a crash is sampled again).
     */
    private record Stored(PreparedDataset.Entry entry, long seed, long size, long mtime, long pointsBytes) {
        static Stored read(Path record) {
            try {
                if (!Files.isRegularFile(record)) return null;
                List<String> lines = Files.readAllLines(record, StandardCharsets.UTF_8);
                if (lines.size() != 2) return null;
                String[] f = lines.get(1).split("\t");
                if (f.length != 4) return null;
                return new Stored(
                        PreparedDataset.Entry.parseRow(lines.get(0), record, 1),
                        Long.parseLong(f[0]),
                        Long.parseLong(f[1]),
                        Long.parseLong(f[2]),
                        Long.parseLong(f[3]));
            } catch (IOException | RuntimeException damaged) {
                // A damaged record only means the shape is sampled again.
                return null;
            }
        }
    }

    private void writeRecord(Path record, PreparedDataset.Entry entry, long size, long mtime, long pointsBytes)
            throws IOException {
        byte[] b = (entry.toRow() + "\n" + seed + "\t" + size + "\t" + mtime + "\t" + pointsBytes + "\n")
                .getBytes(StandardCharsets.UTF_8);
        replace(record, ch -> Channels.newOutputStream(ch).write(b));
    }

    private void writeManifest(CollectionLayout l, List<PreparedDataset.Entry> entries) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(PreparedDataset.MAGIC).append('\n');
        sb.append("# points=").append(points).append('\n');
        sb.append("# seed=").append(seed).append('\n');
        sb.append("# layout=").append(l).append('\n');
        sb.append(String.format(Locale.ROOT, "# test_fraction=%s%n", testFraction));
        String root = source.toAbsolutePath().normalize().toString();
        sb.append("# root=").append(PreparedDataset.escape(root)).append('\n');
        sb.append(PreparedDataset.COLUMNS).append('\n');
        for (PreparedDataset.Entry e : entries) sb.append(e.toRow()).append('\n');
        writeText(out.resolve(PreparedDataset.MANIFEST), sb.toString());
    }

    /** Writes a list of skipped files (file, tab, reason; one a line) atomically. */
    public static void writeSkippedList(Path file, List<BadFile> skipped) throws IOException {
        StringBuilder sb = new StringBuilder("file\treason\n");
        for (BadFile b : skipped) {
            sb.append(PreparedDataset.escape(b.path().toString()))
                    .append('\t')
                    .append(PreparedDataset.escape(b.message()))
                    .append('\n');
        }
        writeText(file, sb.toString());
    }

    private static void writeText(Path file, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, ch -> Channels.newOutputStream(ch).write(b));
    }

    private static void writeNpy(Path file, PointCloud cloud) throws IOException {
        // NpyWriter flushes but does not close: the channel is closed by replace.
        replace(file, ch -> {
            OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            NpyWriter.write(os, cloud);
        });
    }

    /**
     * Replaces {@code target} by a temp file renamed over it: a killed process leaves the old file or the new one,
     * never a part. Unlike {@link AtomicFiles#write} nothing is forced to disk: two forces per file were half of
     * prepare's time, and the records that say a shape is done also hold its file's size, so a file cut short by a
     * power loss is sampled again.
     */
    private static void replace(Path target, ChannelWriter body) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                body.writeTo(ch);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(temp);
        }
    }

    /** A file name for a shape id: readable, and unique through a hash of the full id. */
    static String fileBase(String id) {
        String readable = id.replaceAll("[^A-Za-z0-9._-]", "_");
        if (readable.length() > 80) readable = readable.substring(0, 80);
        return readable + "-" + String.format(Locale.ROOT, "%016x", StableHash.of(id, 0));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Deletes temp files a killed run left behind (AtomicFiles names them ".NAME.RANDOM.tmp"). */
    private static void removeTempFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".") && n.endsWith(".tmp")) Files.deleteIfExists(p);
            }
        }
    }
}
