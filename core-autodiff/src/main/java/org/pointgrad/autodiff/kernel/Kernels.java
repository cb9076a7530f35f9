package org.pointgrad.autodiff.kernel;

import java.lang.reflect.InvocationTargetException;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Chooses the compute kernels once per JVM. The Vector API kernel is used when the {@code jdk.incubator.vector}
 * module is present (start the JVM with {@code --add-modules jdk.incubator.vector}); otherwise EJML and plain loops.
 * Override with {@code -Dpointgrad.kernel=vector|ejml}. The choice is logged once (INFO) when first used.
 */
public final class Kernels {
    private static final Logger LOG = Logger.getLogger(Kernels.class.getName());
    private static volatile MatmulKernel matmul = choose();

    /**
     * Rows per cache block for layer chains run block by block (PointNet's pooled last layers, AtlasNet's patch
     * decoder): two ping-pong buffers of 132 x 256 floats fit in a 512 KB L2 with room for the weights, and a multiple
     * of 12 rows leaves no partial register tile (6 or 4 rows high) except at the end of a cloud.
     */
    public static final int BLOCK_ROWS = 132;

    private Kernels() {}

    /** The active matrix-multiply kernel. */
    public static MatmulKernel matmul() {
        return matmul;
    }

    /** Replaces the active matrix-multiply kernel (tests and benchmarks compare kernels this way). */
    public static void setMatmul(MatmulKernel kernel) {
        matmul = Objects.requireNonNull(kernel, "kernel");
    }

    /**
     * A fresh Vector API kernel when this JVM can run it (module resolved and hardware SIMD available), regardless of
     * the active choice; tests and benchmarks use it to compare kernels.
     */
    public static Optional<MatmulKernel> vectorMatmul() {
        return Optional.ofNullable(loadVector());
    }

    /** True when the Vector API module is present in this JVM. */
    public static boolean vectorApiAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    private static MatmulKernel choose() {
        String want = System.getProperty("pointgrad.kernel", "auto").trim().toLowerCase(java.util.Locale.ROOT);
        MatmulKernel k;
        switch (want) {
            case "ejml" -> k = new EjmlMatmulKernel();
            case "vector" -> {
                k = loadVector();
                if (k == null) {
                    throw new IllegalStateException("-Dpointgrad.kernel=vector but the Vector API is not available: "
                            + "start the JVM with --add-modules jdk.incubator.vector");
                }
            }
            case "auto" -> {
                k = loadVector();
                if (k == null) k = new EjmlMatmulKernel();
            }
            default -> throw new IllegalArgumentException(
                    "system property pointgrad.kernel: expected auto, vector or ejml, got '" + want + "'");
        }
        LOG.info("pointgrad matmul kernel: " + k.name() + " (pointgrad.kernel=" + want + ", Vector API module "
                + (vectorApiAvailable()
                        ? "present"
                        : "absent: add --add-modules jdk.incubator.vector for the fast kernel")
                + ")");
        if (k instanceof VectorMatmulKernel) {
            Optional<String> advice = LoopPredication.advice(VectorMatmulKernel.tileRows(), LoopPredication.current());
            if (advice.isPresent()) LOG.warning(advice.get());
        }
        return k;
    }

    private static MatmulKernel loadVector() {
        if (!vectorApiAvailable()) return null;
        try {
            Class<?> c = Class.forName("org.pointgrad.autodiff.kernel.VectorMatmulKernel");
            return (MatmulKernel) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
            LOG.warning("pointgrad: Vector API kernel unavailable, falling back to EJML: " + cause);
            return null;
        }
    }
}
