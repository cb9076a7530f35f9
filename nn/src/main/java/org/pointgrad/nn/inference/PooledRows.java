package org.pointgrad.nn.inference;

import org.pointgrad.autodiff.Tensor;

/**
 * {@link PooledMlpPlan}'s work for one element type, chosen once per plan: {@code PooledRowsFloat} or
 * {@code PooledRowsDouble}, rendered from {@code PooledRows.java.tmpl}.
 */
interface PooledRows {
    /** Pools (B, N >= 1, C_in) points, already checked, into {@code result} (B, C_out), which starts as zeros. */
    void forward(Tensor points, Tensor result);

    /** True when the stages run in the kernel's panel layout. */
    boolean usesPanels();
}
