package org.pointgrad.autodiff;

/** Element type of a tensor. Ops never mix dtypes silently: convert explicitly with {@link Tensor#to(DType)}. */
public enum DType {
    /** 64-bit IEEE double; used for gradient checking. */
    FLOAT64,
    /** 32-bit IEEE float; used for fast training. */
    FLOAT32
}
