package org.pointgrad.nn.io;

import java.nio.ByteBuffer;
import org.pointgrad.autodiff.DType;

/**
 * Element types as named in a safetensors header. F32 and F64 are read and written as is; F16 and BF16 are read
 * (widened exactly to FLOAT32) but never written; any other safetensors dtype is rejected with its name.
 */
public enum StoredDType {
    /** IEEE 754 binary32. */
    F32(4),
    /** IEEE 754 binary64. */
    F64(8),
    /** IEEE 754 binary16, widened to FLOAT32 on read. */
    F16(2),
    /** bfloat16 (upper half of a binary32), widened to FLOAT32 on read. */
    BF16(2);

    private final int bytes;

    StoredDType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytesPerElement() {
        return bytes;
    }

    /** The tensor dtype a stored tensor of this type becomes when read. */
    public DType tensorDType() {
        return this == F64 ? DType.FLOAT64 : DType.FLOAT32;
    }

    /** The stored type used to write a tensor of {@code dtype}. */
    public static StoredDType forTensor(DType dtype) {
        return dtype == DType.FLOAT64 ? F64 : F32;
    }

    /** The safetensors dtype names that exist but that pointgrad cannot load (used for clearer errors). */
    static boolean isKnownUnsupported(String name) {
        return switch (name) {
            case "BOOL",
                    "U8",
                    "I8",
                    "I16",
                    "U16",
                    "I32",
                    "U32",
                    "I64",
                    "U64",
                    "F8_E5M2",
                    "F8_E4M3",
                    "F8_E8M0",
                    "F4",
                    "F6_E2M3",
                    "F6_E3M2" -> true;
            default -> false;
        };
    }

    /** Decodes {@code n} little-endian elements from {@code src} (positioned at the first byte) into floats. */
    void decodeFloats(ByteBuffer src, float[] out) {
        switch (this) {
            case F32 -> src.asFloatBuffer().get(out);
            case F16 -> {
                for (int i = 0; i < out.length; i++) out[i] = halfToFloat(src.getShort(src.position() + 2 * i));
            }
            case BF16 -> {
                for (int i = 0; i < out.length; i++)
                    out[i] = Float.intBitsToFloat((src.getShort(src.position() + 2 * i) & 0xffff) << 16);
            }
            default -> throw new IllegalStateException(this + " does not decode to FLOAT32");
        }
    }

    /** Exact widening of an IEEE binary16 bit pattern (Float.float16ToFloat arrives only in Java 20). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        if (exp == 0) {
            // Subnormal halves are exact multiples of 2^-24.
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
