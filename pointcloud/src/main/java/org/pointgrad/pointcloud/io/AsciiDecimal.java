package org.pointgrad.pointcloud.io;

import java.nio.charset.StandardCharsets;

/**
 * {@link Double#parseDouble} on a range of ASCII bytes, without building a string for the common case. Plain
 * decimals ({@code [+-]digits[.digits][(e|E)[+-]digits]}) with at most 15 significant digits and a decimal exponent
 * within 22 are computed exactly as one correctly rounded multiplication or division of two exact doubles (Clinger's
 * fast path), which is the correctly rounded value {@code parseDouble} returns; every other token (more digits, a
 * larger exponent, NaN, Infinity, hex, a type suffix, surrounding control characters, malformed text) goes to
 * {@code parseDouble} itself, so the result and any {@link NumberFormatException} are always the same as its.
 */
final class AsciiDecimal {
    /** 10^0 .. 10^22: every power of ten a double holds exactly. */
    private static final double[] POWERS = new double[23];

    static {
        POWERS[0] = 1;
        for (int i = 1; i < POWERS.length; i++) POWERS[i] = POWERS[i - 1] * 10;
    }

    /** Significant digits below 2^53, so the significand is an exact double. */
    private static final int MAX_DIGITS = 15;

    private AsciiDecimal() {}

    /**
     * The double {@code Double.parseDouble(new String(b, from, to - from, ISO_8859_1))} returns.
     *
     * @throws NumberFormatException exactly when {@code parseDouble} does
     */
    static double parse(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) negative = b[i++] == '-';
        long m = 0;
        int digits = 0, exp = 0;
        boolean any = false;
        for (; i < to && isDigit(b[i]); i++) {
            any = true;
            int d = b[i] - '0';
            if (m == 0 && d == 0) continue;
            if (++digits > MAX_DIGITS) return slow(b, from, to);
            m = m * 10 + d;
        }
        if (i < to && b[i] == '.') {
            for (i++; i < to && isDigit(b[i]); i++) {
                any = true;
                int d = b[i] - '0';
                exp--;
                if (m == 0 && d == 0) continue;
                if (++digits > MAX_DIGITS) return slow(b, from, to);
                m = m * 10 + d;
            }
        }
        if (!any) return slow(b, from, to);
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negExp = false;
            if (i < to && (b[i] == '-' || b[i] == '+')) negExp = b[i++] == '-';
            int start = i, e = 0;
            for (; i < to && isDigit(b[i]); i++) {
                if (i - start >= 4) return slow(b, from, to);
                e = e * 10 + (b[i] - '0');
            }
            if (i == start) return slow(b, from, to);
            exp += negExp ? -e : e;
        }
        if (i != to) return slow(b, from, to);
        double r;
        if (m == 0) r = 0;
        else if (exp == 0) r = m;
        else if (exp > 0 && exp < POWERS.length) r = m * POWERS[exp];
        else if (exp < 0 && -exp < POWERS.length) r = m / POWERS[-exp];
        else return slow(b, from, to);
        return negative ? -r : r;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static double slow(byte[] b, int from, int to) {
        return Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    }
}
