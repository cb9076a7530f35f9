package org.pointgrad.autodiff.kernel;

import java.util.Optional;

/**
 * Matrix multiply on the JDK Vector API ({@code jdk.incubator.vector}): packed panels, a register-blocked FMA
 * micro-kernel and row- or column-parallelism through {@link Parallel}. Results do not depend on the thread count.
 * Loaded reflectively by {@link Kernels} so the rest of the library runs without the incubator module.
 */
public final class VectorMatmulKernel implements MatmulKernel {

    /**
     * Creates the kernel; fails with a {@link LinkageError} when {@code jdk.incubator.vector} is not resolved and
     * with {@link UnsupportedOperationException} when the hardware has no SIMD worth using (fewer than 2 doubles
     * per vector), where packing would only cost time.
     */
    public VectorMatmulKernel() {
        // Touch the species now so a missing module fails here, where Kernels can catch it, not mid-computation.
        if (VectorDgemm.NR < 4) {
            throw new UnsupportedOperationException(
                    "preferred vector species too narrow: " + VectorDgemm.NR / 2 + " doubles per vector");
        }
    }

    /** Rows of the GEMM micro-tile: 12 where vectors are 512 bits wide, 6 where they are 256. */
    static int tileRows() {
        return VectorSgemm.MR;
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void sgemm(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc,
            boolean accumulate) {
        GemmArgs.check("sgemm", transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        VectorSgemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    @Override
    public void dgemm(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            double[] a,
            int aOff,
            int lda,
            double[] b,
            int bOff,
            int ldb,
            double[] c,
            int cOff,
            int ldc,
            boolean accumulate) {
        GemmArgs.check("dgemm", transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        VectorDgemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    @Override
    public void sgemmBiasRelu(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc,
            float[] bias,
            int biasOff,
            boolean relu) {
        sgemmBiasRelu(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, bias, biasOff, relu, null);
    }

    @Override
    public void dgemmBiasRelu(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            double[] a,
            int aOff,
            int lda,
            double[] b,
            int bOff,
            int ldb,
            double[] c,
            int cOff,
            int ldc,
            double[] bias,
            int biasOff,
            boolean relu) {
        dgemmBiasRelu(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, bias, biasOff, relu, null);
    }

    @Override
    public SgemmPackedB packB(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        GemmArgs.checkB("packB", transB, k, n, b.length, bOff, ldb);
        float[] p = VectorSgemm.prepackB(transB, k, n, b, bOff, ldb);
        return p == null ? null : new SgemmPackedB(p, transB, k, n);
    }

    @Override
    public void sgemmBiasRelu(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc,
            float[] bias,
            int biasOff,
            boolean relu,
            SgemmPackedB packedB) {
        GemmArgs.check(
                "sgemmBiasRelu",
                transA,
                transB,
                m,
                n,
                k,
                a.length,
                aOff,
                lda,
                b.length,
                bOff,
                ldb,
                c.length,
                cOff,
                ldc);
        GemmArgs.checkBias("sgemmBiasRelu", n, bias == null ? -1 : bias.length, biasOff);
        float[] p = packedB == null ? null : packedB.panelsFor(transB, k, n);
        VectorSgemm.gemm(
                transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, false, bias, biasOff, relu, p);
    }

    @Override
    public void sgemmBiasReluMax(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] bias,
            int biasOff,
            boolean relu,
            float[] into,
            int intoOff,
            SgemmPackedB packedB) {
        GemmArgs.checkInputs("sgemmBiasReluMax", transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb);
        GemmArgs.checkBias("sgemmBiasReluMax", n, bias == null ? -1 : bias.length, biasOff);
        GemmArgs.vector("sgemmBiasReluMax", "into", n, into.length, intoOff);
        float[] p = packedB == null ? null : packedB.panelsFor(transB, k, n);
        VectorSgemm.gemmMax(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, bias, biasOff, relu, into, intoOff, p);
    }

    @Override
    public DgemmPackedB packB(boolean transB, int k, int n, double[] b, int bOff, int ldb) {
        GemmArgs.checkB("packB", transB, k, n, b.length, bOff, ldb);
        double[] p = VectorDgemm.prepackB(transB, k, n, b, bOff, ldb);
        return p == null ? null : new DgemmPackedB(p, transB, k, n);
    }

    @Override
    public void dgemmBiasRelu(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            double[] a,
            int aOff,
            int lda,
            double[] b,
            int bOff,
            int ldb,
            double[] c,
            int cOff,
            int ldc,
            double[] bias,
            int biasOff,
            boolean relu,
            DgemmPackedB packedB) {
        GemmArgs.check(
                "dgemmBiasRelu",
                transA,
                transB,
                m,
                n,
                k,
                a.length,
                aOff,
                lda,
                b.length,
                bOff,
                ldb,
                c.length,
                cOff,
                ldc);
        GemmArgs.checkBias("dgemmBiasRelu", n, bias == null ? -1 : bias.length, biasOff);
        double[] p = packedB == null ? null : packedB.panelsFor(transB, k, n);
        VectorDgemm.gemm(
                transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, false, bias, biasOff, relu, p);
    }

    @Override
    public void dgemmBiasReluMax(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            double[] a,
            int aOff,
            int lda,
            double[] b,
            int bOff,
            int ldb,
            double[] bias,
            int biasOff,
            boolean relu,
            double[] into,
            int intoOff,
            DgemmPackedB packedB) {
        GemmArgs.checkInputs("dgemmBiasReluMax", transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb);
        GemmArgs.checkBias("dgemmBiasReluMax", n, bias == null ? -1 : bias.length, biasOff);
        GemmArgs.vector("dgemmBiasReluMax", "into", n, into.length, intoOff);
        double[] p = packedB == null ? null : packedB.panelsFor(transB, k, n);
        VectorDgemm.gemmMax(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, bias, biasOff, relu, into, intoOff, p);
    }

    @Override
    public void scaleShiftRelu(int n, float[] s, int sOff, float[] a, float[] b, float[] o, int oOff) {
        checkScaleShift(n, s.length, sOff, a.length, b.length, o.length, oOff);
        VectorSgemm.scaleShiftRelu(n, s, sOff, a, b, o, oOff);
    }

    @Override
    public void scaleShiftRelu(int n, double[] s, int sOff, double[] a, double[] b, double[] o, int oOff) {
        checkScaleShift(n, s.length, sOff, a.length, b.length, o.length, oOff);
        VectorDgemm.scaleShiftRelu(n, s, sOff, a, b, o, oOff);
    }

    @Override
    public void reluMask(int n, float[] g, float[] y, int off, float[] o) {
        checkMask(n, g.length, y.length, o.length, off);
        VectorSgemm.reluMask(n, g, y, off, o);
    }

    @Override
    public void reluMask(int n, double[] g, double[] y, int off, double[] o) {
        checkMask(n, g.length, y.length, o.length, off);
        VectorDgemm.reluMask(n, g, y, off, o);
    }

    /** Bounds of {@code scaleShiftRelu}: n values of s and o from their offsets, n per-channel values in a and b. */
    private static void checkScaleShift(int n, int sLen, int sOff, int aLen, int bLen, int oLen, int oOff) {
        GemmArgs.vector("scaleShiftRelu", "s", n, sLen, sOff);
        GemmArgs.vector("scaleShiftRelu", "a", n, aLen, 0);
        GemmArgs.vector("scaleShiftRelu", "b", n, bLen, 0);
        GemmArgs.vector("scaleShiftRelu", "o", n, oLen, oOff);
    }

    /** Bounds of {@code reluMask}: n values of g, y and o from {@code off}. */
    private static void checkMask(int n, int gLen, int yLen, int oLen, int off) {
        GemmArgs.vector("reluMask", "g", n, gLen, off);
        GemmArgs.vector("reluMask", "y", n, yLen, off);
        GemmArgs.vector("reluMask", "o", n, oLen, off);
    }

    @Override
    public Optional<PanelKernel> panels() {
        return Optional.of(VectorPanelKernel.INSTANCE);
    }

    /** Describes the vector shapes in use, e.g. for benchmark logs. */
    @Override
    public String toString() {
        return "VectorMatmulKernel[float " + VectorSgemm.MR + "x" + VectorSgemm.NR + ", double " + VectorDgemm.MR + "x"
                + VectorDgemm.NR + "]";
    }
}
