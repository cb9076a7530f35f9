package org.pointgrad.nn.io;

import java.util.Map;
import java.util.function.Function;

/**
 * Strict reading of checkpoint metadata strings. A value must be in exactly the form pointgrad writes it
 * ({@code Integer.toString}, {@code Long.toString}, {@code Double.toString}, {@code true}/{@code false}), so a
 * damaged digit or letter is an error naming the key instead of a silently different setting. Errors are
 * {@link IllegalArgumentException}s whose message starts with the key; callers add the file.
 */
public final class MetadataValues {
    private MetadataValues() {}

    /** The value of {@code key}; a missing key is an error. */
    public static String required(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) throw new IllegalArgumentException("metadata lacks key '" + key + "'");
        return v;
    }

    /** An int in canonical decimal form. */
    public static int parseInt(Map<String, String> m, String key) {
        return parseInt(key, required(m, key));
    }

    /** {@code value} of {@code key} as an int in canonical decimal form. */
    public static int parseInt(String key, String value) {
        return canonical(key, value, Integer::valueOf, String::valueOf, "an integer");
    }

    /** A long in canonical decimal form. */
    public static long parseLong(Map<String, String> m, String key) {
        return canonical(key, required(m, key), Long::valueOf, String::valueOf, "an integer");
    }

    /** A double as {@link Double#toString} writes it (which round-trips exactly). */
    public static double parseDouble(Map<String, String> m, String key) {
        return canonical(key, required(m, key), Double::valueOf, String::valueOf, "a number");
    }

    /** The parsed value, if formatting it gives back exactly {@code value}. */
    private static <T> T canonical(
            String key, String value, Function<String, T> parse, Function<T, String> format, String what) {
        try {
            T v = parse.apply(value);
            if (format.apply(v).equals(value)) return v;
        } catch (NumberFormatException ignored) {
            // Reported below.
        }
        throw new IllegalArgumentException("key '" + key + "' must be " + what + ", got '" + value + "'");
    }

    /** Exactly {@code true} or {@code false}. */
    public static boolean parseBoolean(Map<String, String> m, String key) {
        String value = required(m, key);
        if (value.equals("true")) return true;
        if (value.equals("false")) return false;
        throw new IllegalArgumentException("key '" + key + "' must be true or false, got '" + value + "'");
    }
}
