import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renders the float/double kernel templates of one module into Java sources, run by the build in generate-sources:
 * {@code java build/KernelTemplates.java <templates dir> <output dir> [<source dir to guard> ...]}.
 *
 * <p>A template {@code <package path>/<Name>.java.tmpl} starts with one directive per element type it is rendered for,
 * {@code //! float VectorSgemm} and {@code //! double VectorDgemm} (the type and the class name of that copy), then
 * the Java text with placeholders between dollar signs:
 * <ul>
 *   <li>{@code $type$} float or double; {@code $Type$} Float or Double (boxed type, constants, name parts);
 *   <li>{@code $Vector$} FloatVector or DoubleVector; {@code $species$} its {@code SPECIES_PREFERRED};
 *   <li>{@code $T$} F or D (EJML's names: {@code $T$MatrixRMaj}); {@code $blas$} s or d (BLAS names:
 *       {@code $blas$gemm});
 *   <li>bit patterns: {@code $bits$} int or long, {@code $toBits$} Float.floatToRawIntBits or
 *       Double.doubleToRawLongBits, {@code $fromBits$} the inverse, {@code $signBit$} 31 or 63;
 *   <li>{@code $Class$} this copy's class name; {@code $Class(Other)$} the name of template {@code Other.java.tmpl}'s
 *       copy for the same element type (templates of the same run);
 *   <li>{@code $lit(0.5)$} a literal of the element type: {@code 0.5f} or {@code 0.5};
 *   <li>escape hatches for code that differs by type: {@code $float(text)$} and {@code $double(text)$} keep the text
 *       in that copy only; whole lines {@code #if float}, {@code #else}, {@code #end} do the same for blocks;
 *   <li>{@code $dollar$} is a dollar sign.
 * </ul>
 * Anything else between dollar signs fails the build, as do the word {@code float}/{@code Float} and float literals
 * such as {@code 0.5f} outside an escape hatch (they would not change with the type; {@code double} may be written
 * as such, for accumulators that are double in both copies). Each output starts with a DO NOT EDIT header naming its
 * template. A guarded source dir must hold neither a file with that header nor a file of the same name as an output,
 * so generated code is never committed or edited in place.
 */
public final class KernelTemplates {
    static final String HEADER = "// DO NOT EDIT: generated from ";
    private static final List<String> TYPES = List.of("float", "double");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$([^$\\n]*)\\$");
    private static final Pattern CALL = Pattern.compile("([A-Za-z]+)\\((.*)\\)", Pattern.DOTALL);
    private static final Pattern DIRECTIVE = Pattern.compile("//!\\s+(\\w+)\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*");
    private static final Pattern NUMBER =
            Pattern.compile("[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?|\\.[0-9]+([eE][+-]?[0-9]+)?");
    private static final Pattern FLOAT_ONLY =
            Pattern.compile("\\bFloat|\\bfloat\\b|\\b[0-9][0-9.]*([eE][+-]?[0-9]+)?[fF]\\b");

    /** A template's location and, per element type, the class name of its copy. */
    private record Template(Path file, String name, Path packageDir, Map<String, String> classes, List<String> body) {}

    /** A template error: the generator prints it as one line naming file and line. */
    static final class TemplateException extends RuntimeException {
        TemplateException(Path file, int line, String message) {
            super(file + ":" + line + ": " + message);
        }
    }

    private KernelTemplates() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java build/KernelTemplates.java <templates dir> <output dir>"
                    + " [<source dir to guard> ...]");
            System.exit(2);
        }
        try {
            int written = run(Path.of(args[0]), Path.of(args[1]), Stream.of(args).skip(2).map(Path::of).toList());
            System.out.println("KernelTemplates: " + written + " source(s) rendered from " + args[0]);
        } catch (TemplateException | UncheckedIOException e) {
            System.err.println("KernelTemplates: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Renders every template under {@code templates} into {@code out}; returns the number of outputs. */
    static int run(Path templates, Path out, List<Path> guarded) throws IOException {
        List<Template> all = new ArrayList<>();
        if (Files.isDirectory(templates)) {
            try (Stream<Path> s = Files.walk(templates)) {
                for (Path f : s.filter(p -> p.toString().endsWith(".java.tmpl")).sorted().toList()) {
                    all.add(parse(templates, f));
                }
            }
        }
        Map<String, Template> byName = new LinkedHashMap<>();
        for (Template t : all) {
            if (byName.put(t.name(), t) != null) {
                throw new TemplateException(t.file(), 1, "a second template named " + t.name());
            }
        }
        Set<Path> produced = new HashSet<>();
        for (Template t : all) {
            for (String type : t.classes().keySet()) {
                Path rel = t.packageDir().resolve(t.classes().get(type) + ".java");
                String text = HEADER + displayPath(t.file()) + " by build/KernelTemplates.java\n"
                        + render(t, type, byName);
                Path target = out.resolve(rel);
                produced.add(rel);
                Files.createDirectories(target.getParent());
                // Unchanged outputs keep their timestamp, so the compiler's incremental check sees them as current.
                if (!Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(text)) {
                    Files.writeString(target, text, StandardCharsets.UTF_8);
                }
            }
        }
        removeStale(out, produced);
        for (Path g : guarded) guard(g, produced);
        return produced.size();
    }

    private static Template parse(Path root, Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - ".java.tmpl".length());
        Map<String, String> classes = new LinkedHashMap<>();
        int i = 0;
        for (; i < lines.size() && lines.get(i).startsWith("//!"); i++) {
            Matcher m = DIRECTIVE.matcher(lines.get(i));
            if (!m.matches() || !TYPES.contains(m.group(1))) {
                throw new TemplateException(file, i + 1, "expected '//! <float|double> <ClassName>', got '"
                        + lines.get(i) + "'");
            }
            if (classes.put(m.group(1), m.group(2)) != null) {
                throw new TemplateException(file, i + 1, "element type " + m.group(1) + " declared twice");
            }
        }
        if (classes.isEmpty()) {
            throw new TemplateException(file, 1, "expected '//! <float|double> <ClassName>' directives first");
        }
        Path dir = root.relativize(file).getParent();
        return new Template(file, name, dir == null ? Path.of("") : dir, classes, lines.subList(i, lines.size()));
    }

    /** The template's text for one element type. */
    static String render(Template t, String type, Map<String, Template> all) {
        StringBuilder sb = new StringBuilder();
        int firstLine = t.classes().size() + 1;
        String block = null;  // the type of the enclosing #if, or null
        boolean keep = true;
        for (int n = 0; n < t.body().size(); n++) {
            String line = t.body().get(n);
            int lineNo = firstLine + n;
            String trimmed = line.trim();
            if (trimmed.startsWith("#if ")) {
                if (block != null) throw new TemplateException(t.file(), lineNo, "#if inside #if");
                block = trimmed.substring(4).trim();
                if (!TYPES.contains(block)) {
                    throw new TemplateException(t.file(), lineNo, "expected '#if float' or '#if double'");
                }
                keep = block.equals(type);
                continue;
            }
            if (trimmed.equals("#else") || trimmed.equals("#end")) {
                if (block == null) throw new TemplateException(t.file(), lineNo, trimmed + " without #if");
                if (trimmed.equals("#else")) keep = !block.equals(type);
                else {
                    block = null;
                    keep = true;
                }
                continue;
            }
            if (trimmed.startsWith("#")) {
                throw new TemplateException(t.file(), lineNo, "unknown directive '" + trimmed + "'");
            }
            if (!keep) continue;
            if (block == null) checkTypeFree(t.file(), lineNo, line);
            sb.append(renderLine(t, type, all, line, lineNo, block != null)).append('\n');
        }
        if (block != null) {
            throw new TemplateException(t.file(), firstLine + t.body().size(), "#if " + block + " without #end");
        }
        return sb.toString();
    }

    private static String renderLine(Template t, String type, Map<String, Template> all, String line, int lineNo,
                                     boolean inBlock) {
        if ((line.chars().filter(c -> c == '$').count() & 1) != 0) {
            throw new TemplateException(t.file(), lineNo, "unbalanced '$' (write $dollar$ for a dollar sign)");
        }
        Matcher m = PLACEHOLDER.matcher(line);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(expand(t, type, all, m.group(1), lineNo)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String expand(Template t, String type, Map<String, Template> all, String ph, int lineNo) {
        String boxed = Character.toUpperCase(type.charAt(0)) + type.substring(1);
        switch (ph) {
            case "type": return type;
            case "Type": return boxed;
            case "Vector": return boxed + "Vector";
            case "species": return boxed + "Vector.SPECIES_PREFERRED";
            case "Class": return t.classes().get(type);
            case "T": return boxed.substring(0, 1);
            case "blas": return type.equals("float") ? "s" : "d";
            case "bits": return type.equals("float") ? "int" : "long";
            case "toBits": return type.equals("float") ? "Float.floatToRawIntBits" : "Double.doubleToRawLongBits";
            case "fromBits": return type.equals("float") ? "Float.intBitsToFloat" : "Double.longBitsToDouble";
            case "signBit": return type.equals("float") ? "31" : "63";
            case "dollar": return "$";
            default: break;
        }
        Matcher call = CALL.matcher(ph);
        if (!call.matches()) throw new TemplateException(t.file(), lineNo, "unknown placeholder $" + ph + "$");
        String arg = call.group(2);
        switch (call.group(1)) {
            case "lit":
                if (!NUMBER.matcher(arg).matches()) {
                    throw new TemplateException(t.file(), lineNo, "$lit(...)$ takes a decimal number, got '"
                            + arg + "'");
                }
                if (type.equals("float")) return arg + "f";
                return arg.contains(".") || arg.contains("e") || arg.contains("E") ? arg : arg + ".0";
            case "Class": {
                Template other = all.get(arg);
                if (other == null) {
                    throw new TemplateException(t.file(), lineNo, "no template named " + arg + " for $Class("
                            + arg + ")$");
                }
                String c = other.classes().get(type);
                if (c == null) {
                    throw new TemplateException(t.file(), lineNo, "template " + arg + " has no " + type + " copy");
                }
                return c;
            }
            case "float":
            case "double":
                return call.group(1).equals(type) ? arg : "";
            default:
                throw new TemplateException(t.file(), lineNo, "unknown placeholder $" + ph + "$");
        }
    }

    /** Rejects float-only words and literals outside escape hatches: they would stay float in the double copy. */
    private static void checkTypeFree(Path file, int lineNo, String line) {
        String outside = PLACEHOLDER.matcher(line).replaceAll("");
        Matcher m = FLOAT_ONLY.matcher(outside);
        if (m.find()) {
            throw new TemplateException(file, lineNo, "'" + m.group() + "' outside an escape hatch: write $type$,"
                    + " $Type$, $Vector$, $lit(...)$, or $float(...)$/#if float for code that is float-only");
        }
    }

    private static void removeStale(Path out, Set<Path> produced) throws IOException {
        if (!Files.isDirectory(out)) return;
        try (Stream<Path> s = Files.walk(out)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                if (!produced.contains(out.relativize(f))) Files.delete(f);
            }
        }
    }

    private static void guard(Path src, Set<Path> produced) throws IOException {
        if (!Files.isDirectory(src)) return;
        try (Stream<Path> s = Files.walk(src)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                List<String> first = Files.readAllLines(f, StandardCharsets.UTF_8);
                if (!first.isEmpty() && first.get(0).startsWith(HEADER)) {
                    throw new TemplateException(f, 1, "a generated file in the source tree: delete it and edit its"
                            + " template");
                }
                for (Path rel : produced) {
                    if (f.endsWith(rel)) {
                        throw new TemplateException(f, 1, "a hand-written copy of generated " + rel + ": delete it");
                    }
                }
            }
        }
    }

    private static String displayPath(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path root = Path.of("").toAbsolutePath().getParent();
        return (root != null && abs.startsWith(root) ? root.relativize(abs) : abs).toString().replace('\\', '/');
    }
}
