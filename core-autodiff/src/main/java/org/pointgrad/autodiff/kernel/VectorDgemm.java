package org.pointgrad.autodiff.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Double-precision GEMM on the Vector API, GotoBLAS/BLIS style: panels of op(B) and op(A) are packed into
 * contiguous, zero-padded buffers and a register-blocked {@value #MR} x (2 vectors) micro-kernel streams over them.
 * <p>
 * Generated from {@link VectorSgemm} by core-autodiff/gen-vector-dgemm.sh ({@code float} replaced by
 * {@code double}): edit VectorSgemm and regenerate, never this file.
 * <p>
 * Determinism: every element of C is produced by one micro-kernel call per k-block, always in increasing k order,
 * and the k-blocking depends only on k. Splitting rows or columns across threads therefore never changes a result,
 * whatever the thread count.
 */
final class VectorDgemm {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of the micro-tile: 6 rows x 2 vectors = 12 accumulators + 2 B vectors + 1 broadcast fits 16 registers. */
    static final int MR = 6;
    /** Columns of the micro-tile (two vectors). */
    static final int NR = 2 * L;
    /** Depth of a packed block; a KC x NR panel of B stays in L1. */
    static final int KC = 256;
    /** Rows of A packed at once; an MC x KC block of A stays in L2. */
    static final int MC = 16 * MR;
    /** Columns of B packed at once. */
    static final int NC = 64 * NR;
    /** Below this many multiply-adds, packing does not pay for itself. */
    static final long SMALL_WORK = 4096;
    /** Minimum multiply-adds per thread before splitting across threads. */
    static final long MIN_WORK_PER_THREAD = 1L << 18;

    /** Per-thread packing buffers, reused across calls so the hot path allocates nothing. */
    private static final class Workspace {
        final double[] ap = new double[MC * KC];
        final double[] bp = new double[KC * NC];
        final double[] tile = new double[MR * NR];
        /** Stands in for a missing bias in the fused epilogue kernel. */
        final double[] zeros = new double[NR];
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private VectorDgemm() {}

    /** Same contract as {@link MatmulKernel#sgemm}; arguments must already be validated. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double[] c, int cOff, int ldc, boolean accumulate) {
        gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, null, 0, false, null);
    }

    /**
     * As above, then {@code C[i, j] += bias[biasOff + j]} (when bias is not null) and {@code C = max(C, 0)} (when relu),
     * applied to each tile while it is still in registers, so the output is written once instead of read back.
     * Accumulation and an epilogue do not combine. {@code packedB}, when not null, is {@link #prepackB} of the same
     * op(B) and replaces packing it here.
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double[] c, int cOff, int ldc, boolean accumulate, double[] bias, int biasOff, boolean relu,
                     double[] packedB) {
        boolean epi = bias != null || relu;
        if (epi && accumulate) throw new IllegalArgumentException("gemm: a bias/ReLU epilogue cannot be combined with accumulation");
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0d);
            }
            if (epi) epilogue(m, n, c, cOff, ldc, 1, bias, biasOff, relu);
            return;
        }
        long work = (long) m * n * k;
        // Naive only within one k-block: its single multiply-add chain then equals the packed path's, so a row's
        // value never depends on how many rows share the product (fused layers run row blocks of their own).
        if (work <= SMALL_WORK && k <= KC) {
            naive(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            if (epi) epilogue(m, n, c, cOff, ldc, 1, bias, biasOff, relu);
            return;
        }
        if (n < NR && (long) roundUp(n, MR) * roundUp(m, NR) * 4 < (long) roundUp(m, MR) * roundUp(n, NR) * 3) {
            // Few columns (e.g. a 3-wide output layer): most of each NR-wide tile would be padding, so compute
            // C^T = op(B)^T op(A)^T instead, where the narrow side is padded only to MR, and store transposed.
            // The bias then runs along the rows of the computed product, so the epilogue is a separate pass here.
            parallel(!transB, !transA, n, m, k, b, bOff, ldb, a, aOff, lda, c, cOff, 1, ldc, accumulate, null, 0, false, null);
            if (epi) epilogue(m, n, c, cOff, ldc, 1, bias, biasOff, relu);
        } else {
            parallel(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, 1, accumulate, bias, biasOff, relu, packedB);
        }
    }

    /**
     * Same contract as {@link MatmulKernel#sgemmBiasReluMax}; arguments must already be validated. With k <= KC (one
     * k-block, so each tile is final after one micro-kernel call) it runs on the calling thread and reduces each tile
     * through L1; otherwise it stores C in a temporary array, and that product may use the pool.
     */
    static void gemmMax(boolean transA, boolean transB, int m, int n, int k,
                        double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                        double[] bias, int biasOff, boolean relu, double[] into, int intoOff, double[] packedB) {
        if (m == 0 || n == 0) return;
        if (k > KC || (long) m * n * k <= SMALL_WORK) {
            // Partial sums over several k-blocks have to be stored somewhere, and tiny products are not worth packing.
            double[] c = new double[m * n];
            gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, 0, n, false, bias, biasOff, relu, packedB);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) into[intoOff + j] = Math.max(into[intoOff + j], c[i * n + j]);
            }
            return;
        }
        serial(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, null, 0, 0, 1, false, bias, biasOff, relu, into, intoOff, packedB);
    }

    /**
     * op(B) (k x n) packed as {@link #serial} packs it, for products that share it; null when it would not be one
     * block (k > KC or n > NC) or is empty.
     */
    static double[] prepackB(boolean transB, int k, int n, double[] b, int bOff, int ldb) {
        if (k == 0 || n == 0 || k > KC || n > NC) return null;
        double[] bp = new double[k * roundUp(n, NR)];
        packB(transB, k, n, b, bOff, ldb, 0, 0, bp);
        return bp;
    }

    /** True when {@code packed} is a {@link #prepackB} result for a k x n op(B). */
    static boolean isPacked(Object packed, int k, int n) {
        return packed instanceof double[] p && k <= KC && n <= NC && p.length == k * roundUp(n, NR);
    }

    /** Bias and ReLU over an m x n block of C (element (i, j) at cOff + i * cRs + j * cCs), for the paths that cannot fuse them. */
    private static void epilogue(int m, int n, double[] c, int cOff, int cRs, int cCs, double[] bias, int biasOff, boolean relu) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * cRs;
            if (bias != null) for (int j = 0; j < n; j++) c[ci + j * cCs] += bias[biasOff + j];
            if (relu) for (int j = 0; j < n; j++) c[ci + j * cCs] = Math.max(c[ci + j * cCs], 0d);
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /**
     * Splits the product over threads by rows or columns. Element (i, j) of the product is stored at
     * {@code c[cOff + i * cRs + j * cCs]}, which lets the caller compute a transposed C.
     */
    private static void parallel(boolean transA, boolean transB, int m, int n, int k,
                                 double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                                 double[] c, int cOff, int cRs, int cCs, boolean accumulate,
                                 double[] bias, int biasOff, boolean relu, double[] packedB) {
        long work = (long) m * n * k;
        int threads = Parallel.threads();
        int rowTiles = (m + MR - 1) / MR, colTiles = (n + NR - 1) / NR;
        if (threads == 1 || work < 2 * MIN_WORK_PER_THREAD) {
            serial(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, cRs, cCs, accumulate, bias, biasOff, relu, null, 0, packedB);
        } else if (rowTiles >= 2 * threads || rowTiles >= colTiles) {
            // Split rows into pieces taken by whichever thread is free (a shared core runs slower), about four per
            // thread; each piece packs op(B) itself, which is cheap next to at least 16 row tiles of work.
            int minTiles = (int) Math.max(1, MIN_WORK_PER_THREAD / ((long) MR * n * k));
            int grain = Math.max(Math.max(minTiles, 16), (rowTiles + 4 * threads - 1) / (4 * threads));
            Parallel.forEachPiece(rowTiles, grain, (t0, t1) -> {
                int i0 = t0 * MR, i1 = Math.min(m, t1 * MR);
                int aSub = transA ? aOff + i0 : aOff + i0 * lda;
                serial(transA, transB, i1 - i0, n, k, a, aSub, lda, b, bOff, ldb, c, cOff + i0 * cRs, cRs, cCs, accumulate,
                        bias, biasOff, relu, null, 0, packedB);
            });
        } else {
            // Few rows (e.g. weight gradients with small m): split columns instead.
            int minTiles = (int) Math.max(1, MIN_WORK_PER_THREAD / ((long) NR * m * k));
            Parallel.forRange(colTiles, minTiles, (t0, t1) -> {
                int j0 = t0 * NR, j1 = Math.min(n, t1 * NR);
                int bSub = transB ? bOff + j0 * ldb : bOff + j0;
                serial(transA, transB, m, j1 - j0, k, a, aOff, lda, b, bSub, ldb, c, cOff + j0 * cCs, cRs, cCs, accumulate,
                        bias, biasOff + j0, relu, null, 0, null);
            });
        }
    }

    /** Plain loops for products too small to amortise packing. */
    static void naive(boolean transA, boolean transB, int m, int n, int k,
                      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double[] c, int cOff, int ldc, boolean accumulate) {
        int aRowStep = transA ? 1 : lda, aColStep = transA ? lda : 1;
        int bRowStep = transB ? 1 : ldb, bColStep = transB ? ldb : 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0d;
                int ai = aOff + i * aRowStep, bi = bOff + j * bColStep;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[ai], b[bi], s);
                    ai += aColStep;
                    bi += bRowStep;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = accumulate ? c[ci] + s : s;
            }
        }
    }

    /**
     * The blocked algorithm on the calling thread; C addressing as in {@link #parallel}. With {@code into} (only for
     * k <= KC, see {@link #gemmMax}) tiles are reduced to column maxima instead of stored, and C is not used.
     */
    private static void serial(boolean transA, boolean transB, int m, int n, int k,
                               double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                               double[] c, int cOff, int cRs, int cCs, boolean accumulate,
                               double[] bias, int biasOff, boolean relu, double[] into, int intoOff, double[] packedB) {
        Workspace ws = WORKSPACE.get();
        // A prepacked op(B) is one block (k <= KC, n <= NC), exactly what the loops below would have packed.
        double[] bp = packedB != null ? packedB : ws.bp;
        boolean epi = bias != null || relu;
        // max(x, -inf) is x (NaN stays NaN), so one fused kernel covers bias-only, ReLU-only and both.
        double floor = relu ? 0d : Double.NEGATIVE_INFINITY;
        double[] biasArr = bias != null ? bias : ws.zeros;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean add = accumulate || pc > 0;
                boolean lastBlock = pc + kc == k;
                if (packedB == null) packB(transB, kc, nc, b, bOff, ldb, pc, jc, bp);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, mc, kc, a, aOff, lda, ic, pc, ws.ap);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        int bBase = jr * kc;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int aBase = ir * kc;
                            if (into != null) {
                                int bIdx = bias != null ? biasOff + jc + jr : 0, iIdx = intoOff + jc + jr;
                                if (mr == MR && nr == NR) {
                                    microKernelEpilogue(kc, ws.ap, aBase, bp, bBase, ws.tile, 0, NR, biasArr, bIdx, floor);
                                    maxTile(ws.tile, into, iIdx);
                                } else {
                                    microKernel(kc, ws.ap, aBase, bp, bBase, ws.tile, 0, NR);
                                    for (int r = 0; r < mr; r++) {
                                        for (int j = 0; j < nr; j++) {
                                            double v = Math.max(ws.tile[r * NR + j] + biasArr[bias != null ? bIdx + j : 0], floor);
                                            into[iIdx + j] = Math.max(into[iIdx + j], v);
                                        }
                                    }
                                }
                                continue;
                            }
                            int cIdx = cOff + (ic + ir) * cRs + (jc + jr) * cCs;
                            boolean full = mr == MR && nr == NR && cCs == 1;
                            if (full && !add && epi && lastBlock) {
                                int bIdx = bias != null ? biasOff + jc + jr : 0;
                                microKernelEpilogue(kc, ws.ap, aBase, bp, bBase, c, cIdx, cRs, biasArr, bIdx, floor);
                                continue;
                            }
                            if (full && !add) {
                                microKernel(kc, ws.ap, aBase, bp, bBase, c, cIdx, cRs);
                            } else if (full) {
                                microKernel(kc, ws.ap, aBase, bp, bBase, ws.tile, 0, NR);
                                addTile(ws.tile, c, cIdx, cRs);
                            } else {
                                // Edge or transposed tile: compute the full padded tile, then copy the valid part.
                                microKernel(kc, ws.ap, aBase, bp, bBase, ws.tile, 0, NR);
                                double[] t = ws.tile;
                                for (int r = 0; r < mr; r++) {
                                    int ci = cIdx + r * cRs, ti = r * NR;
                                    if (add) {
                                        for (int j = 0; j < nr; j++) c[ci + j * cCs] += t[ti + j];
                                    } else if (cCs == 1) {
                                        System.arraycopy(t, ti, c, ci, nr);
                                    } else {
                                        for (int j = 0; j < nr; j++) c[ci + j * cCs] = t[ti + j];
                                    }
                                }
                            }
                            if (epi && lastBlock) epilogue(mr, nr, c, cIdx, cRs, cCs, bias, biasOff + jc + jr, relu);
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs op(B)[pc:pc+kc, jc:jc+nc] as consecutive kc x NR panels (row p of a panel = NR consecutive doubles),
     * zero-padding the last panel's missing columns.
     */
    private static void packB(boolean transB, int kc, int nc, double[] b, int bOff, int ldb, int pc, int jc, double[] bp) {
        if (!transB) {
            // Row by row, so the source is read sequentially (prefetch-friendly when it comes from memory).
            int fullCols = nc / NR * NR;
            for (int p = 0; p < kc; p++) {
                int src = bOff + (pc + p) * ldb + jc;
                // Panel index q, so the destination is affine in it with the constant stride NR * kc... not constant;
                // the copy is a plain loop of NR doubles that C2 turns into vector moves without per-vector checks.
                for (int jr = 0; jr < fullCols; jr += NR) {
                    int dst = jr * kc + p * NR, from = src + jr;
                    for (int q = 0; q < NR; q++) bp[dst + q] = b[from + q];
                }
                if (fullCols < nc) {
                    int dst = fullCols * kc + p * NR, nr = nc - fullCols;
                    System.arraycopy(b, src + fullCols, bp, dst, nr);
                    java.util.Arrays.fill(bp, dst + nr, dst + NR, 0d);
                }
            }
            return;
        }
        // op(B)[p, j] = b[j * ldb + p]: walk each stored row contiguously.
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int base = jr * kc;
            for (int j = 0; j < nr; j++) {
                int src = bOff + (jc + jr + j) * ldb + pc;
                int dst = base + j;
                for (int p = 0; p < kc; p++) {
                    bp[dst] = b[src + p];
                    dst += NR;
                }
            }
            for (int j = nr; j < NR; j++) {
                int dst = base + j;
                for (int p = 0; p < kc; p++) {
                    bp[dst] = 0d;
                    dst += NR;
                }
            }
        }
    }

    /**
     * Packs op(A)[ic:ic+mc, pc:pc+kc] as consecutive kc x MR panels (column p of a panel = MR consecutive doubles),
     * zero-padding the last panel's missing rows.
     */
    private static void packA(boolean transA, int mc, int kc, double[] a, int aOff, int lda, int ic, int pc, double[] ap) {
        if (transA) {
            // op(A)[i, p] = a[p * lda + i]: walk stored rows sequentially, MR values per panel at a time.
            int fullRows = mc / MR * MR;
            for (int p = 0; p < kc; p++) {
                int src = aOff + (pc + p) * lda + ic;
                for (int ir = 0; ir < fullRows; ir += MR) {
                    // Unrolled for MR = 6: an arraycopy call per 6 doubles cost more than the copy.
                    int dst = ir * kc + p * MR, from = src + ir;
                    ap[dst] = a[from];
                    ap[dst + 1] = a[from + 1];
                    ap[dst + 2] = a[from + 2];
                    ap[dst + 3] = a[from + 3];
                    ap[dst + 4] = a[from + 4];
                    ap[dst + 5] = a[from + 5];
                }
                if (fullRows < mc) {
                    int dst = fullRows * kc + p * MR, mr = mc - fullRows;
                    for (int r = 0; r < mr; r++) ap[dst + r] = a[src + fullRows + r];
                    for (int r = mr; r < MR; r++) ap[dst + r] = 0d;
                }
            }
            return;
        }
        // op(A)[i, p] = a[i * lda + p]. Full panels read their MR rows side by side and write the panel in order
        // (unrolled for MR = 6, as in the transposed case above).
        int fullRows = mc / MR * MR;
        for (int ir = 0; ir < fullRows; ir += MR) {
            int s0 = aOff + (ic + ir) * lda + pc, s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda, s4 = s3 + lda, s5 = s4 + lda;
            int base = ir * kc;
            for (int p = 0; p < kc; p++) {
                int dst = base + p * MR;
                ap[dst] = a[s0 + p];
                ap[dst + 1] = a[s1 + p];
                ap[dst + 2] = a[s2 + p];
                ap[dst + 3] = a[s3 + p];
                ap[dst + 4] = a[s4 + p];
                ap[dst + 5] = a[s5 + p];
            }
        }
        for (int ir = fullRows; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int base = ir * kc;
            for (int r = 0; r < mr; r++) {
                int src = aOff + (ic + ir + r) * lda + pc;
                int dst = base + r;
                for (int p = 0; p < kc; p++) {
                    ap[dst] = a[src + p];
                    dst += MR;
                }
            }
            for (int r = mr; r < MR; r++) {
                int dst = base + r;
                for (int p = 0; p < kc; p++) {
                    ap[dst] = 0d;
                    dst += MR;
                }
            }
        }
    }

    /**
     * C[MR x NR tile at cIdx] = packed A panel x packed B panel over kc steps. It only ever overwrites: with an
     * accumulate branch in here, C2 compiled the whole kernel 5x slower once both branches had been taken
     * (the vector accumulators got boxed), so accumulation goes through {@link #addTile} instead.
     */
    private static void microKernel(int kc, double[] ap, int aBase, double[] bp, int bBase,
                                    double[] c, int cIdx, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        // The loop runs on A's index and steps B's alongside. Computing both as aBase + p * MR and bBase + p * NR
        // cost eight integer instructions per step in C2's code, about a third on top of the 20 loads and
        // multiply-adds, and this loop is limited by how fast the core issues instructions once a neighbour shares
        // it: paired windows ran 1.3x faster this way (both with and without -XX:-UseLoopPredicate).
        for (int ai = aBase, bi = bBase, aEnd = aBase + kc * MR; ai < aEnd; ai += MR, bi += NR) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector av = DoubleVector.broadcast(S, ap[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = DoubleVector.broadcast(S, ap[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = DoubleVector.broadcast(S, ap[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = DoubleVector.broadcast(S, ap[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = DoubleVector.broadcast(S, ap[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = DoubleVector.broadcast(S, ap[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        c00.intoArray(c, cIdx);
        c01.intoArray(c, cIdx + L);
        c10.intoArray(c, cIdx + ldc);
        c11.intoArray(c, cIdx + ldc + L);
        c20.intoArray(c, cIdx + 2 * ldc);
        c21.intoArray(c, cIdx + 2 * ldc + L);
        c30.intoArray(c, cIdx + 3 * ldc);
        c31.intoArray(c, cIdx + 3 * ldc + L);
        c40.intoArray(c, cIdx + 4 * ldc);
        c41.intoArray(c, cIdx + 4 * ldc + L);
        c50.intoArray(c, cIdx + 5 * ldc);
        c51.intoArray(c, cIdx + 5 * ldc + L);
    }

    /**
     * {@link #microKernel} followed by {@code max(tile + bias, floor)} before the store. A separate copy rather than a
     * flag: a branch on the accumulators inside one kernel is what made C2 box them (see microKernel).
     */
    private static void microKernelEpilogue(int kc, double[] ap, int aBase, double[] bp, int bBase,
                                            double[] c, int cIdx, int ldc, double[] bias, int bIdx, double floor) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        for (int ai = aBase, bi = bBase, aEnd = aBase + kc * MR; ai < aEnd; ai += MR, bi += NR) {  // as in microKernel
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector av = DoubleVector.broadcast(S, ap[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = DoubleVector.broadcast(S, ap[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = DoubleVector.broadcast(S, ap[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = DoubleVector.broadcast(S, ap[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = DoubleVector.broadcast(S, ap[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = DoubleVector.broadcast(S, ap[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        DoubleVector f = DoubleVector.broadcast(S, floor);
        DoubleVector bv0 = DoubleVector.fromArray(S, bias, bIdx), bv1 = DoubleVector.fromArray(S, bias, bIdx + L);
        c00.add(bv0).max(f).intoArray(c, cIdx);
        c01.add(bv1).max(f).intoArray(c, cIdx + L);
        c10.add(bv0).max(f).intoArray(c, cIdx + ldc);
        c11.add(bv1).max(f).intoArray(c, cIdx + ldc + L);
        c20.add(bv0).max(f).intoArray(c, cIdx + 2 * ldc);
        c21.add(bv1).max(f).intoArray(c, cIdx + 2 * ldc + L);
        c30.add(bv0).max(f).intoArray(c, cIdx + 3 * ldc);
        c31.add(bv1).max(f).intoArray(c, cIdx + 3 * ldc + L);
        c40.add(bv0).max(f).intoArray(c, cIdx + 4 * ldc);
        c41.add(bv1).max(f).intoArray(c, cIdx + 4 * ldc + L);
        c50.add(bv0).max(f).intoArray(c, cIdx + 5 * ldc);
        c51.add(bv1).max(f).intoArray(c, cIdx + 5 * ldc + L);
    }

    /**
     * {@code into[iIdx .. iIdx + NR) = max(into, column maxima of the MR x NR tile)}. The tile comes from
     * {@link #microKernelEpilogue} via L1: reducing the accumulators in the kernel itself made C2 box them, which
     * halved its speed.
     */
    private static void maxTile(double[] tile, double[] into, int iIdx) {
        DoubleVector m0 = DoubleVector.fromArray(S, tile, 0), m1 = DoubleVector.fromArray(S, tile, L);
        for (int r = 1; r < MR; r++) {
            m0 = m0.max(DoubleVector.fromArray(S, tile, r * NR));
            m1 = m1.max(DoubleVector.fromArray(S, tile, r * NR + L));
        }
        DoubleVector.fromArray(S, into, iIdx).max(m0).intoArray(into, iIdx);
        DoubleVector.fromArray(S, into, iIdx + L).max(m1).intoArray(into, iIdx + L);
    }

    // ---- Chained per-point layers in panel layout (see PointMlp) ----
    // Points are the columns: a panel holds NR points, element (channel p, point i) at (i / NR) * channels * NR
    // + p * NR + i % NR, which is exactly a packed op(B) panel. Weights are the rows, packed once as A panels, so
    // a layer's output tile (MR channels x NR points) is stored row by row straight into the next layer's panels
    // and no activation is ever repacked. Each output is still one multiply-add chain over k from zero, then bias,
    // then the floor, so values equal the row-major products' (for k <= KC).

    /** (out, in) weights (row-major at wOff) as A panels of MR output channels, zero-padded: see PointMlp. */
    static double[] packWeights(int out, int in, double[] w, int wOff) {
        double[] ap = new double[roundUp(out, MR) * in];
        packA(false, out, in, w, wOff, in, 0, 0, ap);
        return ap;
    }

    /**
     * One layer from panels {@code x} (in channels) to panels {@code y} (out channels) over {@code rows} points.
     * {@code bias} has roundUp(out, MR) entries; without {@code epi} the plain product is stored.
     */
    static void panelLayer(int rows, int in, int out, double[] x, double[] wp, double[] bias, boolean relu, boolean epi, double[] y) {
        Workspace ws = WORKSPACE.get();
        double floor = relu ? 0d : Double.NEGATIVE_INFINITY;
        int fullRows = out / MR * MR;
        for (int q = 0, panels = (rows + NR - 1) / NR; q < panels; q++) {
            int bBase = q * in * NR, yBase = q * out * NR;
            for (int o = 0; o < out; o += MR) {
                int aBase = o * in;
                double[] dst = o < fullRows ? y : ws.tile;
                int dIdx = o < fullRows ? yBase + o * NR : 0;
                microKernel(in, wp, aBase, x, bBase, dst, dIdx, NR);
                if (epi) rowEpilogue(dst, dIdx, NR, bias, o, floor);
                if (o >= fullRows) System.arraycopy(ws.tile, 0, y, yBase + o * NR, (out - o) * NR);
            }
        }
    }

    /**
     * The last layer of a pooled MLP: instead of storing its output, {@code laneMax[c * NR + l] = max(laneMax[...],
     * output of channel c at every point with i % NR == l)} over the {@code rows} valid points.
     */
    static void panelLayerMax(int rows, int in, int out, double[] x, double[] wp, double[] bias, boolean relu, double[] laneMax) {
        Workspace ws = WORKSPACE.get();
        double floor = relu ? 0d : Double.NEGATIVE_INFINITY;
        int fullRows = out / MR * MR;
        for (int q = 0, panels = (rows + NR - 1) / NR; q < panels; q++) {
            int bBase = q * in * NR, valid = Math.min(NR, rows - q * NR);
            for (int o = 0; o < out; o += MR) {
                int aBase = o * in;
                microKernel(in, wp, aBase, x, bBase, ws.tile, 0, NR);
                if (o < fullRows && valid == NR) {
                    rowMaxTile(ws.tile, bias, o, floor, laneMax, o * NR);
                    continue;
                }
                // Padding points (beyond rows) or padding channels: take only the valid entries.
                rowEpilogue(ws.tile, 0, NR, bias, o, floor);
                for (int r = 0, nr = Math.min(MR, out - o); r < nr; r++) {
                    for (int l = 0; l < valid; l++) {
                        int m = (o + r) * NR + l;
                        laneMax[m] = Math.max(laneMax[m], ws.tile[r * NR + l]);
                    }
                }
            }
        }
    }

    /** A last layer stored row-major: point i's channel c at {@code c[cOff + i * out + c]}, for the valid points only. */
    static void panelLayerRows(int rows, int in, int out, double[] x, double[] wp, double[] bias, boolean relu, boolean epi,
                               double[] c, int cOff) {
        Workspace ws = WORKSPACE.get();
        double floor = relu ? 0d : Double.NEGATIVE_INFINITY;
        for (int q = 0, panels = (rows + NR - 1) / NR; q < panels; q++) {
            int bBase = q * in * NR, valid = Math.min(NR, rows - q * NR);
            for (int o = 0; o < out; o += MR) {
                microKernel(in, wp, o * in, x, bBase, ws.tile, 0, NR);
                if (epi) rowEpilogue(ws.tile, 0, NR, bias, o, floor);
                for (int r = 0, nr = Math.min(MR, out - o); r < nr; r++) {
                    for (int l = 0; l < valid; l++) c[cOff + (q * NR + l) * out + o + r] = ws.tile[r * NR + l];
                }
            }
        }
    }

    /**
     * A ReLU layer with few inputs in panel layout, summed without fused multiply-add: {@code y[j] = max(bias[bOff + j]
     * + x[0] * w[j] + x[1] * w[h + j] + ..., 0)} for every point, with x in panels of t channels, y in panels of h
     * channels and w column-major (input c's weights at w[c * h ...]). Each product is rounded before it is added,
     * in input order, so the values are those of the same sums written as scalar Java.
     */
    static void panelAffineRelu(int rows, int t, int h, double[] x, double[] w, double[] bias, int bOff, double[] y) {
        DoubleVector zero = DoubleVector.zero(S);
        for (int q = 0, panels = (rows + NR - 1) / NR; q < panels; q++) {
            int xb = q * t * NR, yb = q * h * NR;
            for (int j = 0; j < h; j++) {
                DoubleVector v0 = DoubleVector.broadcast(S, bias[bOff + j]), v1 = v0;
                for (int c = 0; c < t; c++) {
                    DoubleVector wv = DoubleVector.broadcast(S, w[c * h + j]);
                    v0 = v0.add(DoubleVector.fromArray(S, x, xb + c * NR).mul(wv));
                    v1 = v1.add(DoubleVector.fromArray(S, x, xb + c * NR + L).mul(wv));
                }
                v0.max(zero).intoArray(y, yb + j * NR);
                v1.max(zero).intoArray(y, yb + j * NR + L);
            }
        }
    }

    /**
     * {@code c[row r] = max(c[row r] + bias[bIdx + r], floor)} over an MR x NR tile just stored by {@link #microKernel}
     * (row stride ldc), still in L1. A pass of its own: an epilogue inside the kernel with the bias along the rows
     * made C2 spill half the accumulators in the loop.
     */
    private static void rowEpilogue(double[] c, int cIdx, int ldc, double[] bias, int bIdx, double floor) {
        DoubleVector f = DoubleVector.broadcast(S, floor);
        for (int r = 0; r < MR; r++) {
            DoubleVector bv = DoubleVector.broadcast(S, bias[bIdx + r]);
            int i = cIdx + r * ldc;
            DoubleVector.fromArray(S, c, i).add(bv).max(f).intoArray(c, i);
            DoubleVector.fromArray(S, c, i + L).add(bv).max(f).intoArray(c, i + L);
        }
    }

    /**
     * {@code laneMax[mIdx + r * NR + l] = max(laneMax[...], max(tile[r][l] + bias[bIdx + r], floor))} for a full
     * MR x NR tile (row stride NR) stored by {@link #microKernel}.
     */
    private static void rowMaxTile(double[] tile, double[] bias, int bIdx, double floor, double[] laneMax, int mIdx) {
        DoubleVector f = DoubleVector.broadcast(S, floor);
        for (int r = 0; r < MR; r++) {
            DoubleVector bv = DoubleVector.broadcast(S, bias[bIdx + r]);
            int t = r * NR, m = mIdx + r * NR;
            DoubleVector.fromArray(S, tile, t).add(bv).max(f).max(DoubleVector.fromArray(S, laneMax, m)).intoArray(laneMax, m);
            DoubleVector.fromArray(S, tile, t + L).add(bv).max(f).max(DoubleVector.fromArray(S, laneMax, m + L)).intoArray(laneMax, m + L);
        }
    }

    /** C[MR x NR tile at cIdx] += tile (row stride NR). */
    private static void addTile(double[] tile, double[] c, int cIdx, int ldc) {
        for (int r = 0; r < MR; r++) {
            int ci = cIdx + r * ldc, ti = r * NR;
            for (int j = 0; j < NR; j += L) {
                DoubleVector.fromArray(S, tile, ti + j).add(DoubleVector.fromArray(S, c, ci + j)).intoArray(c, ci + j);
            }
        }
    }
}
