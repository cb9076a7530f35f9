package org.pointgrad.pointcloud.data;

import java.nio.charset.StandardCharsets;

/**
 * A 64-bit hash of strings that is the same on every JVM and run (unlike String.hashCode mixing or HashMap order),
 * so splits and per-file sampling seeds are reproducible and independent of which other files exist.
 */
final class StableHash {
    private StableHash() {}

    /** FNV-1a over the UTF-8 bytes, combined with {@code seed} and finished with the SplitMix64 mixer. */
    static long of(String s, long seed) {
        return of(s.getBytes(StandardCharsets.UTF_8), seed);
    }

    /** FNV-1a over {@code bytes}, combined with {@code seed} and finished with the SplitMix64 mixer. */
    static long of(byte[] bytes, long seed) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(h ^ mix(seed + 0x9E3779B97F4A7C15L));
    }

    /** A uniform double in [0, 1) derived from the hash. */
    static double unit(String s, long seed) {
        return (of(s, seed) >>> 11) * 0x1.0p-53;
    }

    /** A uniform double in [0, 1) derived from the hash of {@code bytes}. */
    static double unit(byte[] bytes, long seed) {
        return (of(bytes, seed) >>> 11) * 0x1.0p-53;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
