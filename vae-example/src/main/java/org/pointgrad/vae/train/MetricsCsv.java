package org.pointgrad.vae.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** metrics.csv: one row per epoch, KL per dimension in columns kl_0 .. kl_{Z-1}. Written atomically. */
public final class MetricsCsv {
    private static final String FIXED =
            "epoch,seconds,lr,beta,train_chamfer,train_kl,heldout_chamfer,specificity,active_units,family_kept,"
                    + "head_flags";

    private MetricsCsv() {}

    /** Writes the per-epoch metrics to {@code file} atomically, one row per epoch. */
    public static void write(Path file, List<EpochMetrics> rows) throws IOException {
        StringBuilder sb = new StringBuilder(FIXED);
        int z = rows.isEmpty() ? 0 : rows.get(0).klPerDim().length;
        for (int d = 0; d < z; d++) sb.append(",kl_").append(d);
        sb.append('\n');
        for (EpochMetrics m : rows) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%d,%.3f,%.6g,%.6g,%.8g,%.8g,%.8g,%.6g,%d,%.6g,%s",
                    m.epoch(),
                    m.seconds(),
                    m.lr(),
                    m.beta(),
                    m.trainChamfer(),
                    m.trainKl(),
                    m.testChamfer(),
                    m.specificity(),
                    m.activeUnits(),
                    m.familyKept(),
                    m.headFlags().replace(',', ';')));
            for (double v : m.klPerDim()) sb.append(',').append(String.format(Locale.ROOT, "%.6g", v));
            sb.append('\n');
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads the first {@code epochs} rows back (for --resume); a malformed line is an error naming file and line. */
    public static List<EpochMetrics> read(Path file, int epochs) throws IOException {
        List<EpochMetrics> out = new ArrayList<>();
        if (!Files.exists(file) || epochs == 0) return out;
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size() && out.size() < epochs; i++) {
            String[] p = lines.get(i).split(",");
            try {
                double[] kl = new double[p.length - 11];
                for (int d = 0; d < kl.length; d++) kl[d] = Double.parseDouble(p[11 + d]);
                out.add(new EpochMetrics(
                        Integer.parseInt(p[0]),
                        Double.parseDouble(p[1]),
                        Double.parseDouble(p[2]),
                        Double.parseDouble(p[3]),
                        Double.parseDouble(p[4]),
                        Double.parseDouble(p[5]),
                        Double.parseDouble(p[6]),
                        Double.parseDouble(p[7]),
                        Integer.parseInt(p[8]),
                        Double.parseDouble(p[9]),
                        kl,
                        p[10]));
            } catch (RuntimeException e) {
                throw new IOException(file + ":" + (i + 1) + ": malformed metrics row (" + e.getMessage() + ")", e);
            }
        }
        return out;
    }
}
