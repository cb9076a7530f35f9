package org.pointgrad.autodiff;

/**
 * The backward rule of one op: maps the gradient of the op's output to the gradients of its inputs.
 * Entry {@code i} of the result belongs to input {@code i}; it may be null when that input needs no gradient,
 * and it may have any shape that broadcasts to the input (the engine sums it down to the input's shape).
 * Backward rules run with gradient recording off.
 */
@FunctionalInterface
public interface BackwardFn {
    /** The gradients of the op's inputs, in input order (null for an input that needs none), from its output's. */
    Tensor[] apply(Tensor gradOutput);
}
