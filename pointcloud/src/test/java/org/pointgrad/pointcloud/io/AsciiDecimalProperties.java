package org.pointgrad.pointcloud.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The byte-level decimal parser returns what {@link Double#parseDouble} returns, and fails where it fails. */
class AsciiDecimalProperties {
    /** Both parsers' outcome on {@code s}: the double's bits, or the exception's class and message. */
    private static String outcome(String s, boolean bytes) {
        try {
            double d = bytes ? parseBytes(s) : Double.parseDouble(s);
            return Long.toHexString(Double.doubleToRawLongBits(d));
        } catch (NumberFormatException e) {
            return "NumberFormatException: " + e.getMessage();
        }
    }

    private static double parseBytes(String s) {
        // Padding on both sides checks that only the given range is read.
        byte[] b = ("9" + s + "9").getBytes(StandardCharsets.ISO_8859_1);
        return AsciiDecimal.parse(b, 1, b.length - 1);
    }

    private static void assertSame(String s) {
        assertEquals(outcome(s, false), outcome(s, true), () -> "'" + s + "'");
    }

    /** {@code x} printed as OBJ exporters print numbers: fixed, scientific, shortest, padded, signed. */
    private static String[] formats(double x, SplittableRandom r) {
        int p = r.nextInt(0, 18);
        return new String[] {
            Double.toString(x),
            Float.toString((float) x),
            String.format(Locale.ROOT, "%." + p + "f", x),
            String.format(Locale.ROOT, "%." + p + "e", x),
            String.format(Locale.ROOT, "%." + p + "E", x),
            String.format(Locale.ROOT, "%." + (p + 1) + "g", x),
            String.format(Locale.ROOT, "%+." + p + "f", x),
            String.format(Locale.ROOT, "%0" + (p + 12) + "." + p + "f", x),
            String.format(Locale.ROOT, "%." + p + "f", x).replaceFirst("^(-?)0\\.", "$1."),
            String.format(Locale.ROOT, "%.0f.", x),
            String.format(Locale.ROOT, "%.6fe%+03d", x, r.nextInt(-30, 30)),
            String.format(Locale.ROOT, "%.6f", x) + "0".repeat(r.nextInt(0, 12)),
        };
    }

    @Property(tries = 800)
    void randomNumbersInManyFormats(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] xs = {
            r.nextDouble(-10, 10),
            r.nextDouble(-1e4, 1e4),
            (float) r.nextDouble(-100, 100),
            Double.longBitsToDouble(r.nextLong()),
            Float.intBitsToFloat(r.nextInt()),
            Math.scalb(r.nextDouble(), r.nextInt(-80, 80)),
            r.nextInt(-1_000_000, 1_000_000) / 1e6,
        };
        for (double x : xs) for (String s : formats(x, r)) assertSame(s);
    }

    /** Strings over the characters of numbers, mostly malformed: both fail alike or agree. */
    @Property(tries = 3000)
    void randomStringsOfNumberCharacters(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String alphabet = "0123456789000.-+eE.fdxpN \u0001";
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(0, 24);
        for (int i = 0; i < n; i++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        assertSame(sb.toString());
    }

    @Test
    void unusualTokensGoToParseDouble() {
        String[] tokens = {
            "",
            ".",
            "-",
            "+",
            "e5",
            "1e",
            "1e+",
            "-.e1",
            "3.1+e2",
            "1..2",
            "1.2.3",
            "NaN",
            "nan",
            "-Infinity",
            "inf",
            "0x1p3",
            "0x1.8P-2",
            "1.5f",
            "2d",
            "1_000",
            " 1.5",
            "1.5 ",
            "\u00011.5",
            "-0",
            "-0.0",
            "+0",
            "0.0000",
            "1e400",
            "-1e400",
            "1e-400",
            "4.9e-324",
            "1.7976931348623157e308",
            "123456789012345678901234567890",
            "0.1234567890123456789",
            "9007199254740993",
            "1e22",
            "1e23",
            "1e-22",
            "1e-23",
            "00000000000000000001.5",
            "1.000000000000000000001",
            "12345e-5",
            "1E0004",
            "1e00000022"
        };
        for (String t : tokens) assertSame(t);
    }
}
