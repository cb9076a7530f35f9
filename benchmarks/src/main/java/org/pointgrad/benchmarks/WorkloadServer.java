package org.pointgrad.benchmarks;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.pointgrad.autodiff.DType;
import org.pointgrad.autodiff.kernel.Parallel;

/**
 * Runs the {@link ReferenceWorkload} in timed windows on command, for {@code benchmarks/paired_ratio.py}, which
 * alternates short windows of this process and of the PyTorch reference so that both sides of each ratio are measured
 * seconds apart (this machine's speed drifts by up to 1.5x over minutes, which whole-run alternation does not cancel).
 * While it waits for a command the process is blocked on stdin and uses no CPU.
 * <p>
 * Protocol, one line each way:
 * <ul>
 *   <li>{@code case train|inference|train-atlas|inference-atlas FLOAT32|FLOAT64 THREADS} selects the workload (the
 *       {@code -atlas} ones: {@link ReferenceWorkload#atlasNet}); answers {@code ok}.</li>
 *   <li>{@code run SECONDS} calls it until at least that long has passed (at least once); answers
 *       {@code CALLS NANOS}.</li>
 *   <li>{@code quit} exits.</li>
 * </ul>
 * Anything else is answered with {@code error ...} naming the line.
 */
public final class WorkloadServer {
    private WorkloadServer() {}

    /** Serves commands from stdin until {@code quit} or end of input. */
    public static void main(String[] args) throws IOException {
        // Answers go to the real stdout; anything the library logs must not interleave with them.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Map<DType, ReferenceWorkload> workloads = new EnumMap<>(DType.class), atlas = new EnumMap<>(DType.class);
        Runnable call = null;
        long[] step = {0};
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            String[] w = line.trim().split("\\s+");
            try {
                switch (w[0]) {
                    case "case" -> {
                        if (w.length != 4) {
                            throw new IllegalArgumentException(
                                    "expected: case train|inference|train-atlas|inference-atlas DTYPE THREADS");
                        }
                        DType dtype = DType.valueOf(w[2]);
                        Parallel.setThreads(Integer.parseInt(w[3]));
                        boolean isAtlas = w[1].endsWith("-atlas");
                        String kind = isAtlas ? w[1].substring(0, w[1].length() - "-atlas".length()) : w[1];
                        if (!kind.equals("train") && !kind.equals("inference")) {
                            throw new IllegalArgumentException("unknown workload '" + w[1] + "'");
                        }
                        ReferenceWorkload wl = isAtlas
                                ? atlas.computeIfAbsent(dtype, ReferenceWorkload::atlasNet)
                                : workloads.computeIfAbsent(dtype, ReferenceWorkload::new);
                        call = kind.equals("train") ? () -> wl.trainStep(step[0]++) : wl::inference;
                        out.println("ok");
                    }
                    case "run" -> {
                        if (call == null) throw new IllegalStateException("run before case");
                        long window = (long) (Double.parseDouble(w[1]) * 1e9);
                        long start = System.nanoTime(), now, calls = 0;
                        do {
                            call.run();
                            calls++;
                            now = System.nanoTime();
                        } while (now - start < window);
                        out.println(calls + " " + (now - start));
                    }
                    case "quit" -> {
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown command '" + w[0] + "'");
                }
            } catch (RuntimeException e) {
                out.println("error line " + lineNo + " '" + line + "': " + e.getMessage());
            }
        }
    }
}
