package org.pointgrad.vae.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.data.BadFile;
import org.pointgrad.pointcloud.data.CloudChecks;
import org.pointgrad.pointcloud.data.CollectionLayout;
import org.pointgrad.pointcloud.data.PointPool;
import org.pointgrad.pointcloud.data.PreparedDataset;
import org.pointgrad.pointcloud.data.Sample;
import org.pointgrad.pointcloud.data.ShapeDataset;
import org.pointgrad.pointcloud.data.Split;
import org.pointgrad.pointcloud.shapes.Airplanes;
import org.pointgrad.pointcloud.shapes.LabelledCloud;
import org.pointgrad.pointcloud.transform.Normalization;

/**
 * Train and held-out clouds (each packed x,y,z of {@code points} points) with a label per cloud (airplane family,
 * or the collection's class for user data), the files left out, optionally a fresh draw of the training clouds
 * per epoch, and the pool training batches draw from.
 *
 * @param skipped    files left out, with the reason (unreadable, degenerate with --skip-bad-files, or not part of
 *                   the collection's layout)
 * @param warnings   degenerate shapes that were kept
 * @param epochTrain the training clouds of an epoch (same order and labels as {@link #train}), or null when every
 *                   epoch trains on {@link #train}
 * @param trainPool  null when batches take the clouds of {@link #trainEpoch} as they are; else a larger sample of each
 *                   training shape (same order) from which every step draws a fresh subset of {@code points}
 */
public record TrainingData(
        List<float[]> train,
        List<String> trainLabels,
        List<float[]> test,
        List<String> testLabels,
        int points,
        String source,
        List<BadFile> skipped,
        List<BadFile> warnings,
        IntFunction<List<float[]>> epochTrain,
        PointPool trainPool) {
    /** Validates that the point pool, when given, matches the training shapes. */
    public TrainingData {
        if (trainPool != null && trainPool.size() != train.size()) {
            throw new IllegalArgumentException(
                    "training pool has " + trainPool.size() + " shapes, the training split " + train.size());
        }
        if (trainPool != null && trainPool.minPoints() < points) {
            throw new IllegalArgumentException(
                    "training pool clouds need at least " + points + " points, got " + trainPool.minPoints());
        }
    }

    /** Fixed clouds, nothing skipped. */
    public TrainingData(
            List<float[]> train,
            List<String> trainLabels,
            List<float[]> test,
            List<String> testLabels,
            int points,
            String source) {
        this(train, trainLabels, test, testLabels, points, source, List.of(), List.of(), null);
    }

    /** Batches drawn from the training clouds themselves. */
    public TrainingData(
            List<float[]> train,
            List<String> trainLabels,
            List<float[]> test,
            List<String> testLabels,
            int points,
            String source,
            List<BadFile> skipped,
            List<BadFile> warnings,
            IntFunction<List<float[]>> epochTrain) {
        this(train, trainLabels, test, testLabels, points, source, skipped, warnings, epochTrain, null);
    }

    /** The training clouds of epoch {@code epoch}: {@link #train} unless the data draws fresh points per epoch. */
    public List<float[]> trainEpoch(int epoch) {
        return epochTrain == null ? train : epochTrain.apply(epoch);
    }

    /** True when batches draw from a larger pool than the training clouds. */
    public boolean hasPool() {
        return trainPool != null;
    }

    /** The fewest points of a shape in the training pool. */
    public int poolPoints() {
        return trainPool.minPoints();
    }

    /** Procedural airplanes: every fifth shape is held out, so both splits are balanced over the four families. */
    public static TrainingData syntheticAirplanes(int shapes, int points, long seed) {
        if (shapes < 10) throw new IllegalArgumentException("need at least 10 synthetic shapes, got " + shapes);
        List<LabelledCloud> all = Airplanes.dataset(shapes, points, seed);
        List<float[]> tr = new ArrayList<>(), te = new ArrayList<>();
        List<String> trl = new ArrayList<>(), tel = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            LabelledCloud c = all.get(i);
            String label = c.family().name().toLowerCase(Locale.ROOT);
            if (i % 5 == 4) {
                te.add(c.cloud().xyz());
                tel.add(label);
            } else {
                tr.add(c.cloud().xyz());
                trl.add(label);
            }
        }
        return new TrainingData(
                tr, trl, te, tel, points, "synthetic airplanes (" + shapes + " shapes, seed " + seed + ")");
    }

    /** {@link #fromFolder(Path, CollectionLayout, int, long, boolean)} with the layout detected. */
    public static TrainingData fromFolder(Path dir, int points, long seed, boolean skipBadFiles) throws IOException {
        return fromFolder(dir, null, points, seed, skipBadFiles);
    }

    /**
     * Every readable shape of the collection under {@code dir} ({@code layout} null: detected), labelled and split
     * as the layout says (80/20 by a hash of the path outside ModelNet).
     */
    public static TrainingData fromFolder(
            Path dir, CollectionLayout layout, int points, long seed, boolean skipBadFiles) throws IOException {
        ShapeDataset all = readFolder(dir, layout, points, seed, skipBadFiles);
        ShapeDataset tr = all.part(Split.TRAIN), te = all.part(Split.TEST);
        return new TrainingData(
                clouds(tr),
                labels(tr),
                clouds(te),
                labels(te),
                points,
                dir + " (" + all.size() + " shapes)",
                all.badFiles(),
                all.warnings(),
                null);
    }

    /**
     * {@link #fromFolder(Path, CollectionLayout, int, long, boolean)} with a training pool: every file is read once,
     * sampled at {@code poolPoints}, and the clouds of {@code points} are drawn from that sample (seeded by the shape
     * and {@code seed}); the training shapes' samples are the pool every step draws from.
     */
    public static TrainingData fromFolder(
            Path dir, CollectionLayout layout, int points, long seed, int poolPoints, boolean skipBadFiles)
            throws IOException {
        if (poolPoints < points)
            throw new IllegalArgumentException(
                    "pool size " + poolPoints + " must be at least the points per cloud, " + points);
        ShapeDataset all = readFolder(dir, layout, poolPoints, seed, skipBadFiles);
        PointPool tr = pool(all.part(Split.TRAIN)), te = pool(all.part(Split.TEST));
        return new TrainingData(
                tr.draw(points, seed, 0),
                labels(all.part(Split.TRAIN)),
                te.draw(points, seed, 0),
                labels(all.part(Split.TEST)),
                points,
                dir + " (" + all.size() + " shapes), pool of " + poolPoints + " points per training shape",
                all.badFiles(),
                all.warnings(),
                null,
                tr);
    }

    private static ShapeDataset readFolder(
            Path dir, CollectionLayout layout, int points, long seed, boolean skipBadFiles) throws IOException {
        ShapeDataset all = ShapeDataset.fromFolder(dir)
                .layout(layout)
                .pointsPerCloud(points)
                .seed(seed)
                .skipBadFiles(skipBadFiles)
                .build();
        checkSizes(dir, all.part(Split.TRAIN).size(), all.part(Split.TEST).size(), all.size());
        return all;
    }

    private static PointPool pool(ShapeDataset d) {
        List<String> ids = new ArrayList<>();
        List<PointCloud> clouds = new ArrayList<>();
        for (Sample s : d.samples()) {
            ids.add(s.id());
            clouds.add(s.cloud());
        }
        return new PointPool(ids, clouds);
    }

    /**
     * A dataset written by {@code pointvae prepare}: each stored cloud is normalized to the unit ball as a whole,
     * then {@code points} of its points are drawn (seeded by the shape and {@code seed}); with
     * {@code resampleEachEpoch} every epoch trains on a fresh draw (epoch 0's is {@link #train}). Its split and
     * labels are the dataset's. A shape whose files cannot be read stops the load, or is listed and left out with
     * {@code skipBadFiles}.
     */
    public static TrainingData fromPrepared(
            Path dir, int points, long seed, boolean resampleEachEpoch, boolean skipBadFiles) throws IOException {
        return loadPrepared(dir, points, seed, resampleEachEpoch, skipBadFiles, 0);
    }

    /** Loads a prepared dataset once; {@code poolPoints > 0} also keeps up to that many stored points per shape. */
    private static TrainingData loadPrepared(
            Path dir, int points, long seed, boolean resampleEachEpoch, boolean skipBadFiles, int poolPoints)
            throws IOException {
        PreparedDataset ds = PreparedDataset.open(dir);
        List<PreparedDataset.Entry> entries = ds.entries();
        PointCloud[] clouds = new PointCloud[entries.size()];
        Exception[] errors = new Exception[entries.size()];
        Parallel.forEachPiece(entries.size(), 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                try {
                    clouds[i] = Normalization.DEFAULT.apply(ds.points(entries.get(i)));
                } catch (IOException | RuntimeException e) {
                    errors[i] = e;
                }
            }
        });
        List<BadFile> skipped = new ArrayList<>(), warnings = new ArrayList<>();
        List<String> trIds = new ArrayList<>(),
                teIds = new ArrayList<>(),
                trl = new ArrayList<>(),
                tel = new ArrayList<>();
        List<PointCloud> trPool = new ArrayList<>(), tePool = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            PreparedDataset.Entry e = entries.get(i);
            Path file = dir.resolve(e.file());
            if (errors[i] != null) {
                if (!skipBadFiles) {
                    if (errors[i] instanceof IOException io) throw io;
                    throw (RuntimeException) errors[i];
                }
                skipped.add(new BadFile(file, errors[i].getMessage()));
                continue;
            }
            String problem = CloudChecks.problem(clouds[i]);
            if (problem != null) {
                (skipBadFiles ? skipped : warnings).add(new BadFile(file, problem));
                if (skipBadFiles) continue;
            }
            (e.heldOut() ? teIds : trIds).add(e.name());
            (e.heldOut() ? tel : trl).add(e.label() == null ? "" : e.label());
            (e.heldOut() ? tePool : trPool).add(clouds[i]);
        }
        checkSizes(dir, trPool.size(), tePool.size(), trPool.size() + tePool.size());
        PointPool train = new PointPool(trIds, trPool);
        List<float[]> test = new PointPool(teIds, tePool).draw(points, seed, 0);
        String source = String.format(
                Locale.ROOT,
                "%s (prepared, %d shapes of %s points%s)",
                dir,
                entries.size(),
                ds.property("points"),
                resampleEachEpoch ? ", fresh points each epoch" : "");
        List<float[]> fixed = train.draw(points, seed, 0);
        if (poolPoints == 0) {
            return new TrainingData(
                    fixed,
                    trl,
                    test,
                    tel,
                    points,
                    source,
                    skipped,
                    warnings,
                    resampleEachEpoch ? epoch -> train.draw(points, seed, epoch) : null);
        }
        // The stored points are a random sample, so their first ones are one too.
        List<PointCloud> pool = new ArrayList<>(trPool.size());
        for (PointCloud c : trPool) {
            float[] xyz = c.xyz();
            pool.add(xyz.length > 3 * poolPoints ? new PointCloud(Arrays.copyOf(xyz, 3 * poolPoints)) : c);
        }
        return new TrainingData(
                fixed,
                trl,
                test,
                tel,
                points,
                source + ", pool of up to " + poolPoints + " stored points per training shape",
                skipped,
                warnings,
                null,
                new PointPool(trIds, pool));
    }

    /**
     * This prepared data with a training pool of the stored points: up to {@code poolPoints} of each training
     * shape's stored points (the stored points are a random sample, so their first ones are one too).
     */
    public static TrainingData fromPrepared(Path dir, int points, long seed, int poolPoints, boolean skipBadFiles)
            throws IOException {
        if (poolPoints < points)
            throw new IllegalArgumentException(
                    "pool size " + poolPoints + " must be at least the points per cloud, " + points);
        return loadPrepared(dir, points, seed, false, skipBadFiles, poolPoints);
    }

    private static void checkSizes(Path dir, int train, int test, int all) {
        if (train < 2 || test < 2) {
            throw new IllegalArgumentException(dir + ": need at least 2 training and 2 held-out shapes, found " + train
                    + " and " + test + " among " + all + " readable shapes");
        }
    }

    private static List<float[]> clouds(ShapeDataset d) {
        List<float[]> out = new ArrayList<>();
        for (Sample s : d.samples()) out.add(s.cloud().xyz());
        return out;
    }

    private static List<String> labels(ShapeDataset d) {
        List<String> out = new ArrayList<>();
        for (Sample s : d.samples()) out.add(s.label() == null ? "" : s.label());
        return out;
    }

    /** Packs clouds {@code idx} of {@code clouds} into a FLOAT32 (B, N, 3) tensor. */
    public static Tensor batch(List<float[]> clouds, int[] idx, int points) {
        float[] data = new float[idx.length * points * 3];
        for (int b = 0; b < idx.length; b++) System.arraycopy(clouds.get(idx[b]), 0, data, b * points * 3, points * 3);
        return Tensor.wrap(data, idx.length, points, 3);
    }

    /** Splits a (B, M, 3) tensor into point clouds. */
    public static List<PointCloud> unpack(Tensor t) {
        float[] d = t.dtype() == DType.FLOAT32 ? t.floatData() : t.toFloatArray();
        int b = t.size(0), m = t.size(1);
        List<PointCloud> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) out.add(new PointCloud(Arrays.copyOfRange(d, i * m * 3, (i + 1) * m * 3)));
        return out;
    }
}
