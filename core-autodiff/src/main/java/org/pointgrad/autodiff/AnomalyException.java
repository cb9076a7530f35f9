package org.pointgrad.autodiff;

/** Thrown in anomaly mode when an op or a backward rule produces NaN or infinity. */
public class AnomalyException extends ArithmeticException {
    public AnomalyException(String message) {
        super(message);
    }
}
