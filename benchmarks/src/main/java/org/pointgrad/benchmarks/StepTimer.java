package org.pointgrad.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.kernel.Kernels;
import org.pointgrad.autodiff.kernel.Parallel;

/**
 * A quick median timing of the reference training step outside JMH, for profiling sessions:
 * {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar org.pointgrad.benchmarks.StepTimer [threads]
 * [dtype] [steps]}.
 */
public final class StepTimer {
    private StepTimer() {}

    /** Runs the timing; arguments as in the class comment, each optional. */
    public static void main(String[] args) {
        int threads = args.length > 0
                ? Integer.parseInt(args[0])
                : Runtime.getRuntime().availableProcessors();
        DType dtype = args.length > 1 ? DType.valueOf(args[1]) : DType.FLOAT32;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Parallel.setThreads(threads);
        ReferenceWorkload w = new ReferenceWorkload(dtype);
        for (int i = 0; i < 10; i++) w.trainStep(i);
        double[] ms = new double[steps];
        // Process CPU time per step as well: on a shared machine it moves far less with other jobs' load than wall
        // time.
        double[] cpu = new double[steps];
        for (int i = 0; i < steps; i++) {
            long c = processCpuNanos();
            long t = System.nanoTime();
            w.trainStep(100 + i);
            ms[i] = (System.nanoTime() - t) / 1e6;
            cpu[i] = (processCpuNanos() - c) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        double[] inf = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t = System.nanoTime();
            w.inference();
            inf[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(inf);
        System.out.printf(
                Locale.ROOT,
                "train step %s threads=%d kernel=%s: median %.1f ms (min %.1f, max %.1f), %.1f "
                        + "shapes/s; inference median %.1f ms, %.1f shapes/s; cpu per step median %.1f ms "
                        + "(min %.1f)%n",
                dtype,
                threads,
                Kernels.matmul().name(),
                ms[steps / 2],
                ms[0],
                ms[steps - 1],
                ReferenceWorkload.B * 1e3 / ms[steps / 2],
                inf[steps / 2],
                ReferenceWorkload.B * 1e3 / inf[steps / 2],
                cpu[steps / 2],
                cpu[0]);
    }

    /** CPU time of all threads of this process (0 where the platform does not report it). */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }
}
