package org.pointgrad.vae.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import org.pointgrad.nn.io.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options a run was started with, kept in the run folder ({@value #FILE}, one {@code --name=value} a line under
 * a checksum line) so {@code --resume} restores every one of them: an option given again must have the run's value,
 * except the few that change neither the data nor the training (speed and console output).
 */
final class RunOptions {
    /** The options file inside the run folder. */
    static final String FILE = "train-options.txt";

    private static final String HEADER = "# pointvae options of this run (restored by --resume); crc32c ";

    private RunOptions() {}

    /** Saves every option of {@code spec} that has a value, except {@code notStored}. */
    static void save(Path run, CommandSpec spec, Set<String> notStored) throws IOException {
        StringBuilder body = new StringBuilder();
        for (OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp() || notStored.contains(o.longestName()) || o.getValue() == null)
                continue;
            String v = format(o.getValue());
            if (v.indexOf('\n') >= 0)
                throw new IllegalArgumentException(o.longestName() + ": a value with a line break cannot be stored");
            body.append(o.longestName()).append('=').append(v).append('\n');
        }
        AtomicFiles.writeString(run.resolve(FILE), HEADER + crc(body.toString()) + "\n" + body);
    }

    /** True when {@code run} has an options file. */
    static boolean exists(Path run) {
        return Files.exists(run.resolve(FILE));
    }

    /**
     * Restores the stored options into {@code spec}: an explicitly given option whose value differs from the run's is
     * an error naming it, unless it is in {@code mayChange}; every other option takes the run's value. Options in
     * {@code notStored} (which include {@code mayChange}) are left as given.
     */
    static void restore(Path run, CommandSpec spec, Set<String> mayChange, Set<String> notStored) throws IOException {
        Path file = run.resolve(FILE);
        Map<String, String> stored = read(file);
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        List<String> args = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            String name = o.longestName();
            if (o.usageHelp() || o.versionHelp() || notStored.contains(name)) continue;
            String was = stored.get(name);
            if (given.hasMatchedOption(o)) {
                String now = o.getValue() == null ? "" : format(o.getValue());
                String expected =
                        was != null ? was : o.defaultValue() != null ? o.defaultValue() : (isBoolean(o) ? "false" : "");
                if (!now.equals(expected)) {
                    throw new IllegalArgumentException(name + " " + now + " differs from the run's " + name + " "
                            + expected + " (" + file + "); a resumed run keeps its options; only "
                            + String.join(", ", mayChange) + " may change");
                }
            } else if (was != null) {
                if (isBoolean(o)) {
                    if (was.equals("true")) args.add(name);
                    else if (!was.equals("false"))
                        throw damaged(file, name + " must be true or false, got '" + was + "'");
                } else {
                    args.add(name + "=" + was);
                }
            }
        }
        for (String name : stored.keySet()) {
            if (spec.findOption(name) == null) throw damaged(file, "unknown option " + name);
        }
        // Parsing the stored strings converts them exactly as on the command line they came from.
        CommandLine fresh = new CommandLine(spec.userObject().getClass());
        try {
            fresh.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw damaged(file, e.getMessage());
        }
        for (String a : args) {
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            spec.findOption(name)
                    .setValue(fresh.getCommandSpec().findOption(name).getValue());
        }
    }

    /** Reads an options file strictly: the checksum line, then {@code --name=value} lines, no repeats. */
    static Map<String, String> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).startsWith(HEADER))
            throw damaged(file, "line 1 must be the checksum line '" + HEADER + "XXXXXXXX'");
        String body = String.join("\n", lines.subList(1, lines.size())) + (lines.size() > 1 ? "\n" : "");
        String sum = lines.get(0).substring(HEADER.length());
        if (!sum.equals(crc(body)))
            throw damaged(file, "checksum " + sum + " does not match the content (" + crc(body) + ")");
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int eq = line.indexOf('=');
            if (!line.startsWith("--") || eq < 3)
                throw damaged(file, "line " + (i + 1) + " must be --name=value, got '" + line + "'");
            if (out.put(line.substring(0, eq), line.substring(eq + 1)) != null) {
                throw damaged(file, "line " + (i + 1) + " repeats " + line.substring(0, eq));
            }
        }
        return out;
    }

    private static IllegalArgumentException damaged(Path file, String what) {
        return new IllegalArgumentException(
                file + ": " + what + "; the file is damaged (restore it, or start the run again with --overwrite)");
    }

    private static boolean isBoolean(OptionSpec o) {
        return o.type() == boolean.class || o.type() == Boolean.class;
    }

    private static String format(Object v) {
        if (v instanceof Collection<?> c) {
            List<String> parts = new ArrayList<>();
            for (Object e : c) parts.add(String.valueOf(e));
            return String.join(",", parts);
        }
        return String.valueOf(v);
    }

    private static String crc(String body) {
        CRC32C c = new CRC32C();
        c.update(body.getBytes(StandardCharsets.UTF_8));
        return String.format(Locale.ROOT, "%08x", c.getValue());
    }
}
