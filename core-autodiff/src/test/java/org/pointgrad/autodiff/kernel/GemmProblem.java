package org.pointgrad.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One randomly filled GEMM call (shapes, transposes, offsets, padded leading dimensions, accumulate flag) with a
 * double-precision triple-loop reference and an error bound derived from the operands, for testing kernels.
 */
record GemmProblem(
        boolean transA,
        boolean transB,
        int m,
        int n,
        int k,
        int aOff,
        int aPad,
        int bOff,
        int bPad,
        int cOff,
        int cPad,
        boolean accumulate,
        long seed) {

    /** All kernels this JVM can run: EJML always, the Vector API kernel when its module is present. */
    static List<MatmulKernel> kernels() {
        List<MatmulKernel> ks = new ArrayList<>();
        ks.add(new EjmlMatmulKernel());
        Kernels.vectorMatmul().ifPresent(ks::add);
        return ks;
    }

    int aRows() {
        return transA ? k : m;
    }

    int aCols() {
        return transA ? m : k;
    }

    int bRows() {
        return transB ? n : k;
    }

    int bCols() {
        return transB ? k : n;
    }

    int lda() {
        return Math.max(1, aCols() + aPad);
    }

    int ldb() {
        return Math.max(1, bCols() + bPad);
    }

    int ldc() {
        return Math.max(1, n + cPad);
    }

    /** Operand arrays as doubles exactly representable in float, so both precisions share one reference. */
    double[][] operands() {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = fill(r, aOff + aRows() * lda() + 3);
        double[] b = fill(r, bOff + bRows() * ldb() + 3);
        double[] c = fill(r, cOff + m * ldc() + 3);
        return new double[][] {a, b, c};
    }

    private static double[] fill(SplittableRandom r, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    /** Runs the kernel in single precision and checks every element of the returned C array. */
    void checkFloat(MatmulKernel kernel) {
        double[][] ops = operands();
        float[] a = toFloat(ops[0]), b = toFloat(ops[1]), c = toFloat(ops[2]);
        kernel.sgemm(transA, transB, m, n, k, a, aOff, lda(), b, bOff, ldb(), c, cOff, ldc(), accumulate);
        double[] got = new double[c.length];
        for (int i = 0; i < c.length; i++) got[i] = c[i];
        verify(kernel, "sgemm", ops, got, Math.ulp(1f));
    }

    /** Runs the kernel in double precision and checks every element of the returned C array. */
    void checkDouble(MatmulKernel kernel) {
        double[][] ops = operands();
        double[] c = ops[2].clone();
        kernel.dgemm(transA, transB, m, n, k, ops[0], aOff, lda(), ops[1], bOff, ldb(), c, cOff, ldc(), accumulate);
        verify(kernel, "dgemm", ops, c, Math.ulp(1d));
    }

    /**
     * Runs {@code sgemmBiasRelu} and {@code dgemmBiasRelu} (bias from a random array at {@code biasOff}, or none) and
     * checks every element against the reference product plus bias, through the ReLU; ignores {@code accumulate}.
     */
    void checkBiasRelu(MatmulKernel kernel, boolean withBias, int biasOff, boolean relu) {
        double[][] ops = operands();
        double[] bias = null;
        if (withBias) {
            bias = fill(new SplittableRandom(seed ^ 0xB1A5L), biasOff + n + 2);
        }
        float[] cf = toFloat(ops[2]);
        kernel.sgemmBiasRelu(
                transA,
                transB,
                m,
                n,
                k,
                toFloat(ops[0]),
                aOff,
                lda(),
                toFloat(ops[1]),
                bOff,
                ldb(),
                cf,
                cOff,
                ldc(),
                bias == null ? null : toFloat(bias),
                biasOff,
                relu);
        double[] got = new double[cf.length];
        for (int i = 0; i < cf.length; i++) got[i] = cf[i];
        verify(kernel, "sgemmBiasRelu", ops, got, Math.ulp(1f), false, bias, biasOff, relu);
        double[] cd = ops[2].clone();
        kernel.dgemmBiasRelu(
                transA, transB, m, n, k, ops[0], aOff, lda(), ops[1], bOff, ldb(), cd, cOff, ldc(), bias, biasOff,
                relu);
        verify(kernel, "dgemmBiasRelu", ops, cd, Math.ulp(1d), false, bias, biasOff, relu);
    }

    /**
     * The fused column maxima equal the maxima over the rows of the same kernel's stored bias/ReLU product (itself
     * checked against the reference by {@link #checkBiasRelu}), starting from random values some of which win.
     */
    void checkBiasReluMax(MatmulKernel kernel, boolean withBias, int biasOff, boolean relu, int intoOff) {
        double[][] ops = operands();
        double[] bias = withBias ? fill(new SplittableRandom(seed ^ 0xB1A5L), biasOff + n + 2) : null;
        double[] start = fill(new SplittableRandom(seed ^ 0x1A70L), intoOff + n + 1);
        for (int j = 0; j < start.length; j++) start[j] = start[j] * (k + 1); // around the size of the products
        float[] cf = new float[m * n];
        kernel.sgemmBiasRelu(
                transA,
                transB,
                m,
                n,
                k,
                toFloat(ops[0]),
                aOff,
                lda(),
                toFloat(ops[1]),
                bOff,
                ldb(),
                cf,
                0,
                Math.max(n, 1),
                bias == null ? null : toFloat(bias),
                biasOff,
                relu);
        float[] intoF = toFloat(start);
        kernel.sgemmBiasReluMax(
                transA,
                transB,
                m,
                n,
                k,
                toFloat(ops[0]),
                aOff,
                lda(),
                toFloat(ops[1]),
                bOff,
                ldb(),
                bias == null ? null : toFloat(bias),
                biasOff,
                relu,
                intoF,
                intoOff,
                null);
        double[] cd = new double[m * n];
        kernel.dgemmBiasRelu(
                transA,
                transB,
                m,
                n,
                k,
                ops[0],
                aOff,
                lda(),
                ops[1],
                bOff,
                ldb(),
                cd,
                0,
                Math.max(n, 1),
                bias,
                biasOff,
                relu);
        double[] intoD = start.clone();
        kernel.dgemmBiasReluMax(
                transA, transB, m, n, k, ops[0], aOff, lda(), ops[1], bOff, ldb(), bias, biasOff, relu, intoD, intoOff,
                null);
        for (int j = 0; j < start.length; j++) {
            boolean col = j >= intoOff && j < intoOff + n;
            float wantF = (float) start[j];
            double wantD = start[j];
            for (int i = 0; col && i < m; i++) {
                wantF = Math.max(wantF, cf[i * n + j - intoOff]);
                wantD = Math.max(wantD, cd[i * n + j - intoOff]);
            }
            String where = kernel.name() + " " + this + " into[" + j + "]" + (col ? "" : " (outside the columns)");
            // == rather than bit equality: adding a zero bias may turn -0 into +0.
            if (!(intoF[j] == wantF))
                throw new AssertionError("sgemmBiasReluMax " + where + ": got " + intoF[j] + ", want " + wantF);
            if (!(intoD[j] == wantD))
                throw new AssertionError("dgemmBiasReluMax " + where + ": got " + intoD[j] + ", want " + wantD);
        }
    }

    /** Single-precision result as raw array (for bitwise determinism checks). */
    float[] runFloat(MatmulKernel kernel) {
        double[][] ops = operands();
        float[] c = toFloat(ops[2]);
        kernel.sgemm(
                transA,
                transB,
                m,
                n,
                k,
                toFloat(ops[0]),
                aOff,
                lda(),
                toFloat(ops[1]),
                bOff,
                ldb(),
                c,
                cOff,
                ldc(),
                accumulate);
        return c;
    }

    /** Double-precision result as raw array (for bitwise determinism checks). */
    double[] runDouble(MatmulKernel kernel) {
        double[][] ops = operands();
        double[] c = ops[2].clone();
        kernel.dgemm(transA, transB, m, n, k, ops[0], aOff, lda(), ops[1], bOff, ldb(), c, cOff, ldc(), accumulate);
        return c;
    }

    private void verify(MatmulKernel kernel, String op, double[][] ops, double[] got, double eps) {
        verify(kernel, op, ops, got, eps, accumulate, null, 0, false);
    }

    private void verify(
            MatmulKernel kernel,
            String op,
            double[][] ops,
            double[] got,
            double eps,
            boolean accumulate,
            double[] bias,
            int biasOff,
            boolean relu) {
        double[] a = ops[0], b = ops[1], c0 = ops[2];
        int ldc = ldc();
        boolean[] inWindow = new boolean[c0.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0, absSum = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[aOff + p * lda() + i] : a[aOff + i * lda() + p];
                    double bv = transB ? b[bOff + j * ldb() + p] : b[bOff + p * ldb() + j];
                    sum += av * bv;
                    absSum += Math.abs(av * bv);
                }
                int ci = cOff + i * ldc + j;
                inWindow[ci] = true;
                double expected = accumulate ? c0[ci] + sum : sum;
                double extra = accumulate ? Math.abs(c0[ci]) : 0;
                if (bias != null) {
                    expected += bias[biasOff + j];
                    extra += Math.abs(bias[biasOff + j]);
                }
                // The ReLU is 1-Lipschitz, so the error bound of the sum carries over.
                if (relu) expected = Math.max(expected, 0);
                // Standard forward error bound for a length-k dot product (plus the accumulate add), with slack 2x.
                double tol = 2 * (k + 2) * eps * (absSum + extra) + 1e-300;
                if (!(Math.abs(got[ci] - expected) <= tol)) {
                    fail(kernel.name() + " " + op + " " + this + ": C[" + i + "," + j + "] = " + got[ci] + ", expected "
                            + expected + " (tolerance " + tol + ")");
                }
            }
        }
        for (int ci = 0; ci < c0.length; ci++) {
            if (!inWindow[ci] && Double.compare(got[ci], c0[ci]) != 0) {
                fail(kernel.name() + " " + op + " " + this + ": wrote outside C at array index " + ci);
            }
        }
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }
}
