package org.pointgrad.nn.io;

/** What loading does when a stored tensor's dtype differs from the model tensor it is loaded into. */
public enum DTypePolicy {
    /** A FLOAT32/FLOAT64 mismatch is an error naming the tensor and both dtypes (the default). */
    EXACT,
    /** Values are converted to the model tensor's dtype (F64 to F32 rounds to nearest); the report lists them. */
    CONVERT
}
