package org.pointgrad.autodiff.kernel;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * Whether this JVM runs with C2's loop predication, and what that means for the vector kernel. Where vectors are
 * 256 bits wide (the 6-row micro-tile), C2 with loop predication on compiles the GEMM k-loop in a way that runs up to
 * 2x slower in some fresh processes and not in others; {@code -XX:-UseLoopPredicate} makes every process fast. With
 * 512-bit vectors (the 12-row tile) the option makes no measurable difference. See docs/performance.md, "The JVM
 * option".
 */
final class LoopPredication {
    private LoopPredication() {}

    /** {@code UseLoopPredicate} of this JVM, or empty where it cannot be read (not HotSpot, no management module). */
    static Optional<Boolean> enabled() {
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return bean == null
                    ? Optional.empty()
                    : Optional.of(Boolean.parseBoolean(
                            bean.getVMOption("UseLoopPredicate").getValue()));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /**
     * The warning to log for a vector kernel whose micro-tile has {@code tileRows} rows, or empty when the JVM's
     * setting is the fast one for it.
     */
    static Optional<String> advice(int tileRows, Optional<Boolean> predication) {
        if (tileRows >= 12 || !predication.orElse(false)) return Optional.empty();
        return Optional.of("pointgrad: this JVM runs with loop predication on (the default) and 256-bit vectors, "
                + "where the matrix-multiply kernel runs up to 2x slower in some processes: start the JVM with "
                + "-XX:-UseLoopPredicate (the pointvae launcher does)");
    }
}
