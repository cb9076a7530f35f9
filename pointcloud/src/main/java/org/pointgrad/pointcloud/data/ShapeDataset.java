package org.pointgrad.pointcloud.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.pointgrad.pointcloud.PointCloud;

/**
 * An immutable, in-memory list of labelled point clouds, built from a folder of shape files
 * ({@link #fromFolder}) or from clouds already in memory ({@link #fromClouds}).
 */
public final class ShapeDataset {
    private final List<Sample> samples;
    private final List<String> labels;
    private final Map<String, Integer> labelIndex;
    private final List<BadFile> badFiles;
    private final List<BadFile> warnings;

    ShapeDataset(List<Sample> samples, List<BadFile> badFiles) {
        this(samples, badFiles, List.of());
    }

    ShapeDataset(List<Sample> samples, List<BadFile> badFiles, List<BadFile> warnings) {
        this.samples = List.copyOf(samples);
        this.badFiles = List.copyOf(badFiles);
        this.warnings = List.copyOf(warnings);
        TreeMap<String, Integer> idx = new TreeMap<>();
        for (Sample s : samples) if (s.label() != null) idx.put(s.label(), 0);
        int k = 0;
        for (Map.Entry<String, Integer> e : idx.entrySet()) e.setValue(k++);
        this.labelIndex = Collections.unmodifiableMap(idx);
        this.labels = List.copyOf(idx.keySet());
    }

    /** Starts configuring a dataset over every shape file below {@code root}. */
    public static FolderDatasetBuilder fromFolder(Path root) {
        return new FolderDatasetBuilder(root);
    }

    /**
     * A dataset of the given clouds (used as they are: no resampling or normalization) with ids "item-0", "item-1",
     * ...; {@code labels} may be null (no labels) or must have one entry (possibly null) per cloud.
     */
    public static ShapeDataset fromClouds(List<PointCloud> clouds, List<String> labels) {
        Objects.requireNonNull(clouds, "clouds");
        if (labels != null && labels.size() != clouds.size()) {
            throw new IllegalArgumentException(
                    "ShapeDataset.fromClouds: " + clouds.size() + " clouds but " + labels.size() + " labels");
        }
        List<Sample> s = new ArrayList<>(clouds.size());
        for (int i = 0; i < clouds.size(); i++) {
            s.add(new Sample(
                    "item-" + i,
                    Objects.requireNonNull(clouds.get(i), "cloud " + i),
                    labels == null ? null : labels.get(i)));
        }
        return new ShapeDataset(s, List.of());
    }

    /** Number of samples. */
    public int size() {
        return samples.size();
    }

    /** Sample {@code i}. */
    public Sample get(int i) {
        return samples.get(i);
    }

    /** The cloud of sample {@code i}. */
    public PointCloud cloud(int i) {
        return samples.get(i).cloud();
    }

    /** All samples, in order (sorted by id for folders). */
    public List<Sample> samples() {
        return samples;
    }

    /** The distinct labels, sorted; label indices refer to this list. */
    public List<String> labels() {
        return labels;
    }

    /** The index of sample {@code i}'s label in {@link #labels()}, or -1 when it has none. */
    public int labelIndex(int i) {
        String l = samples.get(i).label();
        return l == null ? -1 : labelIndex.get(l);
    }

    /**
     * Files left out, with the reason: unreadable or degenerate ones (only with skipBadFiles) and files the
     * collection's layout has no place for.
     */
    public List<BadFile> badFiles() {
        return badFiles;
    }

    /** Degenerate shapes ({@link CloudChecks}) that were kept because skipBadFiles was off. */
    public List<BadFile> warnings() {
        return warnings;
    }

    /** The common point count of all clouds, or -1 when they differ (or the dataset is empty). */
    public int pointsPerCloud() {
        if (samples.isEmpty()) return -1;
        int n = samples.get(0).cloud().size();
        for (Sample s : samples) if (s.cloud().size() != n) return -1;
        return n;
    }

    /**
     * The train or test part (or everything for {@link Split#ALL}): an entry is test when a stable hash of its id
     * and {@code seed}, mapped to [0, 1), is below {@code testFraction}. Each entry's side depends only on its own id,
     * so adding or removing other entries never moves it; each kept sample's {@link Sample#heldOut} says its side.
     * Bad-file records are kept.
     */
    public ShapeDataset split(Split which, double testFraction, long seed) {
        checkFraction(testFraction);
        List<Sample> keep = new ArrayList<>();
        for (Sample s : samples) {
            if (inSplit(s.id(), which, testFraction, seed))
                keep.add(new Sample(s.id(), s.cloud(), s.label(), isTest(s.id(), testFraction, seed)));
        }
        return new ShapeDataset(keep, badFiles);
    }

    /**
     * The held-out part ({@link Split#TEST}) or the rest ({@link Split#TRAIN}) by each sample's own
     * {@link Sample#heldOut} flag, which follows the collection's layout (ModelNet's own split); {@link Split#ALL}
     * keeps everything. Bad-file records and warnings are kept.
     */
    public ShapeDataset part(Split which) {
        List<Sample> keep = new ArrayList<>();
        for (Sample s : samples) if (which == Split.ALL || (which == Split.TEST) == s.heldOut()) keep.add(s);
        return new ShapeDataset(keep, badFiles, warnings);
    }

    /** True when {@code id} falls in the test part for this fraction and seed. */
    public static boolean isTest(String id, double testFraction, long seed) {
        return StableHash.unit(id, seed) < testFraction;
    }

    static boolean inSplit(String id, Split which, double testFraction, long seed) {
        return switch (which) {
            case ALL -> true;
            case TEST -> isTest(id, testFraction, seed);
            case TRAIN -> !isTest(id, testFraction, seed);
        };
    }

    static void checkFraction(double f) {
        if (!(f >= 0 && f <= 1)) throw new IllegalArgumentException("test fraction must be in [0, 1], got " + f);
    }

    @Override
    public String toString() {
        return "ShapeDataset[" + size() + " samples, " + labels.size() + " labels, " + badFiles.size() + " bad files]";
    }
}
