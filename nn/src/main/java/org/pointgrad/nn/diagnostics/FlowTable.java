package org.pointgrad.nn.diagnostics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The text form of a {@link GradientFlowReport}: an aligned table, a one-line summary and the explanations. */
final class FlowTable {
    private FlowTable() {}

    /** One line: how many parameters, and which are flagged with what. */
    static String summary(GradientFlowReport report) {
        List<ParameterFlow> f = report.flagged();
        StringBuilder sb = new StringBuilder("gradient flow: ")
                .append(report.rows().size())
                .append(" parameters, ");
        if (f.isEmpty()) return sb.append("none flagged").toString();
        sb.append(f.size()).append(" flagged:");
        for (FlowFlag flag : FlowFlag.values()) {
            List<String> names = report.namesWith(flag);
            if (!names.isEmpty())
                sb.append(' ')
                        .append(flag)
                        .append(' ')
                        .append(String.join(", ", names))
                        .append(';');
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    /** The rows as an aligned text table, followed by the summary and the explanations. */
    static String format(GradientFlowReport report) {
        boolean step = report.stepMeasured();
        List<String> header = new ArrayList<>(List.of("parameter", "shape", "grad_norm", "zero%", "reach", "dead"));
        if (step) header.addAll(List.of("update_norm", "upd/w"));
        header.add("flags");
        List<List<String>> cells = new ArrayList<>();
        cells.add(header);
        for (ParameterFlow r : report.rows()) {
            List<String> c = new ArrayList<>();
            c.add(r.name());
            c.add(Arrays.toString(r.shape()).replace(" ", ""));
            c.add(r.hasGrad() ? num(r.gradNorm()) : "-");
            c.add(r.hasGrad() ? String.format(Locale.ROOT, "%.1f", 100 * r.zeroFraction()) : "-");
            c.add(r.reachable() ? "yes" : "NO");
            c.add(r.units() >= 0 ? r.deadUnits() + "/" + r.units() : "-");
            if (step) {
                c.add(r.stepMeasured() ? num(r.updateNorm()) : "-");
                c.add(r.stepMeasured() ? num(r.updateRatio()) : "-");
            }
            c.add(
                    r.flags().isEmpty()
                            ? ""
                            : r.flags().toString().replace("[", "").replace("]", ""));
            cells.add(c);
        }
        int[] width = new int[header.size()];
        for (List<String> row : cells) {
            for (int i = 0; i < row.size(); i++)
                width[i] = Math.max(width[i], row.get(i).length());
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String v = row.get(i);
                boolean left = i == 0 || i == 1 || i == row.size() - 1;
                String pad = " ".repeat(width[i] - v.length());
                line.append(i == 0 ? "" : "  ").append(left ? v + pad : pad + v);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        sb.append(summary(report)).append('\n');
        sb.append("reachability: ")
                .append(
                        report.reachabilitySource() == ReachabilitySource.GRAPH_WALK
                                ? "graph walk from the loss"
                                : "inferred from grad() != null")
                .append('\n');
        for (String e : report.explanations()) sb.append("  * ").append(e).append('\n');
        return sb.toString();
    }

    /** Comma-separated names of {@code rows}. */
    static String names(List<ParameterFlow> rows) {
        return String.join(", ", rows.stream().map(ParameterFlow::name).toList());
    }

    /** A norm or ratio in the report's fixed format. */
    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3e", v) : String.valueOf(v);
    }
}
