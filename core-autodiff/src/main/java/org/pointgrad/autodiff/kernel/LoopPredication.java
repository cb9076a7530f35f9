package org.pointgrad.autodiff.kernel;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * Whether this JVM's C2 settings compile the vector kernel's k-loop well. Where vectors are 256 bits wide (the 6-row
 * micro-tile), C2 with loop predication on and loop strip mining off (the default of the Parallel and Serial
 * collectors) compiles the loop with accumulators spilled to the stack, up to 2x slower, in most processes. Loop
 * strip mining (G1's and ZGC's default) or {@code -XX:-UseLoopPredicate} avoids it. With 512-bit vectors (the 12-row
 * tile) the settings make no measurable difference. See docs/performance.md, "The JVM option".
 */
final class LoopPredication {
    private LoopPredication() {}

    /** The two C2 settings that decide how the kernel's loop compiles. */
    record Settings(boolean loopPredication, long stripMiningIterations) {}

    /** This JVM's settings, or empty where they cannot be read (not HotSpot, no management module). */
    static Optional<Settings> current() {
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (bean == null) return Optional.empty();
            boolean predication =
                    Boolean.parseBoolean(bean.getVMOption("UseLoopPredicate").getValue());
            long strip = Long.parseLong(bean.getVMOption("LoopStripMiningIter").getValue());
            return Optional.of(new Settings(predication, strip));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /**
     * The warning to log for a vector kernel whose micro-tile has {@code tileRows} rows, or empty when the JVM's
     * settings are fast for it (or unknown).
     */
    static Optional<String> advice(int tileRows, Optional<Settings> settings) {
        if (tileRows >= 12 || settings.isEmpty()) return Optional.empty();
        Settings s = settings.get();
        if (!s.loopPredication() || s.stripMiningIterations() > 0) return Optional.empty();
        return Optional.of("pointgrad: this JVM runs with loop predication on and loop strip mining off, with 256-bit "
                + "vectors, where the matrix-multiply kernel runs up to 2x slower: add -XX:-UseLoopPredicate (as the "
                + "pointvae launcher does) or use the G1 collector (the JVM's default)");
    }
}
