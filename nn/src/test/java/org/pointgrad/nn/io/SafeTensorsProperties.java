package org.pointgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.Tensor;

class SafeTensorsProperties {
    /**
     * Any set of tensors (random ranks, shapes, dtypes, raw bit patterns) and metadata survives encode/decode bit for
     * bit.
     */
    @Property(tries = 100)
    void encodeDecodeIsBitExact(
            @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 6) int count,
            @ForAll @Size(max = 4) Map<String, String> metadata)
            throws CheckpointException {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int[] shape = new int[rng.nextInt(4)];
            for (int a = 0; a < shape.length; a++) shape[a] = rng.nextInt(4);
            int n = 1;
            for (int s : shape) n *= s;
            Tensor t;
            if (rng.nextBoolean()) {
                double[] d = new double[n];
                for (int k = 0; k < n; k++) d[k] = Double.longBitsToDouble(rng.nextLong());
                t = Tensor.of(d, shape);
            } else {
                float[] f = new float[n];
                for (int k = 0; k < n; k++) f[k] = Float.intBitsToFloat(rng.nextInt());
                t = Tensor.of(f, shape);
            }
            tensors.put("t" + i + "/" + rng.nextInt(1000), t);
        }
        metadata.remove(SafeTensors.CHECKSUM_KEY);
        metadata.keySet().removeIf(k -> !validUnicode(k));
        metadata.values().removeIf(v -> !validUnicode(v));
        byte[] bytes = SafeTensors.encode(tensors, metadata);
        SafeTensorsFile f = SafeTensors.decode(bytes, Path.of("prop.safetensors"));
        assertEquals(tensors.keySet(), f.tensors().keySet());
        for (var e : tensors.entrySet()) {
            Tensor got = f.tensors().get(e.getKey());
            assertArrayEquals(e.getValue().shape(), got.shape());
            assertEquals(e.getValue().dtype(), got.dtype());
            if (got.dtype() == DType.FLOAT64) {
                for (int k = 0; k < got.numel(); k++) {
                    assertEquals(
                            Double.doubleToRawLongBits(e.getValue().doubleData()[k]),
                            Double.doubleToRawLongBits(got.doubleData()[k]));
                }
            } else {
                for (int k = 0; k < got.numel(); k++) {
                    assertEquals(
                            Float.floatToRawIntBits(e.getValue().floatData()[k]),
                            Float.floatToRawIntBits(got.floatData()[k]));
                }
            }
        }
        metadata.forEach((k, v) -> assertEquals(v, f.metadata().get(k)));
    }

    private static boolean validUnicode(String s) {
        return StandardCharsets.UTF_8.newEncoder().canEncode(s);
    }
}
