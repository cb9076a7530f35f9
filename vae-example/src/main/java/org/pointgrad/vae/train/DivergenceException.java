package org.pointgrad.vae.train;

/**
 * Training produced a non-finite loss or gradient. Thrown before the optimizer step, so the model still holds the
 * last finite weights; the message names the epoch and step and, when anomaly mode found it, the op.
 */
public final class DivergenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A divergence described by {@code message} (epoch, step and op). */
    public DivergenceException(String message) {
        super(message);
    }
}
