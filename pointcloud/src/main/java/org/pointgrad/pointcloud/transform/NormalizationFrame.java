package org.pointgrad.pointcloud.transform;

import java.util.Arrays;
import org.pointgrad.pointcloud.PointCloud;

/**
 * The translation and uniform scale a {@link Normalization} applied to one cloud: normalized = (p - centre) *
 * scale. Keeping it lets results computed in the normalized frame be written back in the frame of the input file.
 *
 * @param centre the point moved to the origin (three coordinates)
 * @param scale  the positive factor applied after centring
 */
public record NormalizationFrame(double[] centre, double scale) {
    /** The frame that changes nothing. */
    public static final NormalizationFrame IDENTITY = new NormalizationFrame(new double[3], 1.0);

    /** Validates and copies the centre. */
    public NormalizationFrame {
        if (centre.length != 3) {
            throw new IllegalArgumentException("NormalizationFrame: centre needs 3 coordinates, got " + centre.length);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("NormalizationFrame: scale must be positive, got " + scale);
        }
        centre = centre.clone();
    }

    /** The centre that is subtracted before scaling (a copy). */
    @Override
    public double[] centre() {
        return centre.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NormalizationFrame f && Arrays.equals(centre, f.centre) && scale == f.scale;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(centre) + Double.hashCode(scale);
    }

    @Override
    public String toString() {
        return "NormalizationFrame[centre=" + Arrays.toString(centre) + ", scale=" + scale + "]";
    }

    /** A new cloud in the normalized frame; normals are unchanged (translation and positive scale keep directions). */
    public PointCloud toNormalized(PointCloud cloud) {
        float[] p = cloud.xyz();
        float[] out = new float[p.length];
        for (int i = 0; i + 2 < p.length; i += 3) {
            for (int d = 0; d < 3; d++) out[i + d] = (float) ((p[i + d] - centre[d]) * scale);
        }
        return new PointCloud(out, normalsCopy(cloud));
    }

    /** A new cloud moved from the normalized frame back into the original one (inverse of {@link #toNormalized}). */
    public PointCloud toOriginal(PointCloud cloud) {
        float[] p = cloud.xyz();
        float[] out = new float[p.length];
        for (int i = 0; i + 2 < p.length; i += 3) {
            for (int d = 0; d < 3; d++) out[i + d] = (float) (p[i + d] / scale + centre[d]);
        }
        return new PointCloud(out, normalsCopy(cloud));
    }

    /**
     * The frame a fraction {@code t} of the way to {@code other}: centre and size (1 / scale) interpolated linearly,
     * so shapes decoded between two inputs move and grow steadily from one input's place to the other's.
     */
    public NormalizationFrame towards(NormalizationFrame other, double t) {
        double[] c = new double[3];
        for (int d = 0; d < 3; d++) c[d] = (1 - t) * centre[d] + t * other.centre[d];
        return new NormalizationFrame(c, 1.0 / ((1 - t) / scale + t / other.scale));
    }

    private static float[] normalsCopy(PointCloud cloud) {
        return cloud.normals() == null ? null : cloud.normals().clone();
    }
}
