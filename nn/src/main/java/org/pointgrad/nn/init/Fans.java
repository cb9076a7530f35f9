package org.pointgrad.nn.init;

/**
 * Fan-in and fan-out of a weight tensor, computed like PyTorch's {@code _calculate_fan_in_and_fan_out}: for a
 * weight of shape (out, in, k...) fan-in is {@code in * prod(k)} and fan-out is {@code out * prod(k)}.
 */
public record Fans(int fanIn, int fanOut) {
    /** Fans of a weight with the given shape; rank below 2 is an error because fans are undefined there. */
    public static Fans of(int... shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException(
                    "Fans: a weight needs rank >= 2 (out, in, ...), got rank " + shape.length);
        }
        int receptive = 1;
        for (int i = 2; i < shape.length; i++) receptive *= shape[i];
        return new Fans(shape[1] * receptive, shape[0] * receptive);
    }
}
