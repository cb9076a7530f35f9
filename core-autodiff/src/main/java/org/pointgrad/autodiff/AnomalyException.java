package org.pointgrad.autodiff;

/** Thrown in anomaly mode when an op or a backward rule produces NaN or infinity. */
public class AnomalyException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    /** An anomaly described by {@code message} (the op and the user-code line that created it). */
    public AnomalyException(String message) {
        super(message);
    }
}
