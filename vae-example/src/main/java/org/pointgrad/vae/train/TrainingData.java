package org.pointgrad.vae.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.data.Sample;
import org.pointgrad.pointcloud.data.ShapeDataset;
import org.pointgrad.pointcloud.data.Split;
import org.pointgrad.pointcloud.shapes.Airplanes;
import org.pointgrad.pointcloud.shapes.LabelledCloud;

/**
 * Train and held-out clouds (each packed x,y,z of {@code points} points) with a label per cloud
 * (airplane family, or the parent folder name for user data), and the pool training batches draw from: per training
 * shape either the same cloud or a larger sample of it, from which every step takes a fresh subset.
 */
public record TrainingData(List<float[]> train, List<String> trainLabels, List<float[]> test, List<String> testLabels,
                           int points, String source, List<float[]> trainPool) {
    public TrainingData {
        if (trainPool.size() != train.size()) {
            throw new IllegalArgumentException("training pool has " + trainPool.size() + " shapes, the training split " + train.size());
        }
        for (float[] c : trainPool) {
            if (c.length < 3 * points) {
                throw new IllegalArgumentException("training pool clouds need at least " + points + " points, got " + c.length / 3);
            }
        }
    }

    /** Data whose training batches are the training clouds themselves. */
    public TrainingData(List<float[]> train, List<String> trainLabels, List<float[]> test, List<String> testLabels,
                        int points, String source) {
        this(train, trainLabels, test, testLabels, points, source, train);
    }

    /** Points per shape in the training pool. */
    public int poolPoints() {
        return trainPool.get(0).length / 3;
    }

    /**
     * This data with a training pool of {@code poolPoints} points per training shape, sampled once from the files
     * under {@code dir} (the same split as {@link #fromFolder}); the clouds used for evaluation are unchanged.
     */
    public TrainingData withPoolFromFolder(Path dir, int poolPoints, long seed, boolean skipBadFiles) throws IOException {
        if (poolPoints < points) throw new IllegalArgumentException("--pool " + poolPoints + " must be at least --points " + points);
        ShapeDataset all = ShapeDataset.fromFolder(dir).pointsPerCloud(poolPoints).seed(seed).labelByParentFolder()
                .skipBadFiles(skipBadFiles).build();
        ShapeDataset tr = all.split(Split.TRAIN, 0.2, seed);
        List<String> labels = labels(tr);
        if (!labels.equals(trainLabels)) {
            throw new IllegalStateException(dir + ": the pool's training split differs from the training split");
        }
        return new TrainingData(train, trainLabels, test, testLabels, points,
                source + ", pool of " + poolPoints + " points per training shape", clouds(tr));
    }

    /** Procedural airplanes: every fifth shape is held out, so both splits are balanced over the four families. */
    public static TrainingData syntheticAirplanes(int shapes, int points, long seed) {
        if (shapes < 10) throw new IllegalArgumentException("need at least 10 synthetic shapes, got " + shapes);
        List<LabelledCloud> all = Airplanes.dataset(shapes, points, seed);
        List<float[]> tr = new ArrayList<>(), te = new ArrayList<>();
        List<String> trl = new ArrayList<>(), tel = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            LabelledCloud c = all.get(i);
            String label = c.family().name().toLowerCase(java.util.Locale.ROOT);
            if (i % 5 == 4) {
                te.add(c.cloud().xyz());
                tel.add(label);
            } else {
                tr.add(c.cloud().xyz());
                trl.add(label);
            }
        }
        return new TrainingData(tr, trl, te, tel, points, "synthetic airplanes (" + shapes + " shapes, seed " + seed + ")");
    }

    /** Every readable shape file under {@code dir}, labelled by parent folder, split 80/20 by a hash of the path. */
    public static TrainingData fromFolder(Path dir, int points, long seed, boolean skipBadFiles) throws IOException {
        ShapeDataset all = ShapeDataset.fromFolder(dir).pointsPerCloud(points).seed(seed).labelByParentFolder()
                .skipBadFiles(skipBadFiles).build();
        ShapeDataset tr = all.split(Split.TRAIN, 0.2, seed), te = all.split(Split.TEST, 0.2, seed);
        if (tr.size() < 2 || te.size() < 2) {
            throw new IllegalArgumentException(dir + ": need at least 2 training and 2 held-out shapes, found "
                    + tr.size() + " and " + te.size() + " among " + all.size() + " readable files");
        }
        return new TrainingData(clouds(tr), labels(tr), clouds(te), labels(te), points, dir.toString() + " (" + all.size() + " shapes)");
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
        float[] d = t.dtype() == org.pointgrad.autodiff.DType.FLOAT32 ? t.floatData() : t.toFloatArray();
        int b = t.size(0), m = t.size(1);
        List<PointCloud> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) out.add(new PointCloud(java.util.Arrays.copyOfRange(d, i * m * 3, (i + 1) * m * 3)));
        return out;
    }
}
