package org.pointgrad.vae.readme;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles and runs the fenced {@code ```java} blocks of a Markdown file. A block is a method body: its leading
 * {@code import} lines become the class's imports, the rest runs as {@code static void run(Path dir) throws Exception}
 * with {@code dir} an empty temporary folder. A block whose fence reads {@code ```java no-run} is only compiled.
 */
final class ReadmeExamples {
    private static final String CLASS = "ReadmeBlock";

    private ReadmeExamples() {}

    /** One fenced block: the Markdown line of its first code line, whether it runs, and its lines. */
    record Block(int line, boolean run, List<String> lines) {}

    /** The {@code java} blocks of {@code markdown}, in order; an unclosed fence is an error naming its line. */
    static List<Block> blocks(String markdown) {
        List<Block> out = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String fence = lines[i].strip();
            if (!fence.startsWith("```java")) continue;
            String info = fence.substring("```java".length()).strip().toLowerCase(Locale.ROOT);
            if (!info.isEmpty() && !info.equals("no-run")) {
                throw new IllegalArgumentException("line " + (i + 1) + ": unknown block option '" + info
                        + "'; expected ```java or ```java no-run");
            }
            int start = i + 1;
            List<String> body = new ArrayList<>();
            for (i = start; i < lines.length && !lines[i].strip().equals("```"); i++) body.add(lines[i]);
            if (i == lines.length) {
                throw new IllegalArgumentException("line " + start + ": ```java block never closed");
            }
            out.add(new Block(start + 1, info.isEmpty(), body));
        }
        return out;
    }

    /** The compilation unit of a block; its code lines keep their order, after the hoisted imports. */
    static String source(Block block) {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String l : block.lines()) {
            if (l.startsWith("import ")) imports.append(l).append('\n');
            else body.append("        ").append(l).append('\n');
        }
        return imports + "public final class " + CLASS + " {\n"
                + "    public static void run(java.nio.file.Path dir) throws Exception {\n"
                + body + "    }\n}\n";
    }

    /**
     * Compiles the block against this JVM's test class path and, unless it is {@code no-run}, runs it in
     * {@code dir}. Errors name {@code file} and the Markdown line of the failing code.
     */
    static void check(String file, Block block, Path dir) throws Exception {
        Path classes = Files.createTempDirectory(dir, "classes");
        Path src = classes.resolve(CLASS + ".java");
        String code = source(block);
        Files.writeString(src, code, StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: run the tests on a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        boolean ok;
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = List.of(
                    "-proc:none",
                    "-nowarn",
                    "-d",
                    classes.toString(),
                    "-classpath",
                    classPath(),
                    "--add-modules",
                    "jdk.incubator.vector");
            ok = javac.getTask(new StringWriter(), files, diagnostics, options, null, files.getJavaFileObjects(src))
                    .call();
        }
        if (!ok) {
            StringBuilder msg =
                    new StringBuilder(file + ": the java block at line " + block.line() + " does not compile:");
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() != Diagnostic.Kind.ERROR) continue;
                msg.append("\n  ")
                        .append(file)
                        .append(':')
                        .append(markdownLine(block, code, d.getLineNumber()))
                        .append(": ")
                        .append(d.getMessage(Locale.ROOT));
            }
            throw new AssertionError(msg.toString());
        }
        if (!block.run()) return;
        Path work = Files.createTempDirectory(dir, "run");
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {classes.toUri().toURL()}, ReadmeExamples.class.getClassLoader())) {
            Method run = loader.loadClass(CLASS).getMethod("run", Path.class);
            run.invoke(null, work);
        } catch (InvocationTargetException e) {
            throw new AssertionError(
                    file + ": the java block at line " + block.line() + " threw " + e.getCause(), e.getCause());
        }
    }

    /** The Markdown line of line {@code javaLine} of the block's compilation unit (imports stay on their lines). */
    private static long markdownLine(Block block, String code, long javaLine) {
        String[] unit = code.split("\n", -1);
        if (javaLine < 1 || javaLine > unit.length) return block.line();
        String text = unit[(int) javaLine - 1].strip();
        for (int i = 0; i < block.lines().size(); i++) {
            if (!text.isEmpty() && block.lines().get(i).strip().equals(text)) return block.line() + i;
        }
        return block.line();
    }

    /** Surefire runs tests from a manifest-only jar; the real class path is in its own property. */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    /** The Markdown pages of {@code root/docs}, sorted by name. */
    static List<Path> docsPages(Path root) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".md"))
                    .sorted()
                    .toList();
        }
    }

    /** The repository's README: the nearest {@code README.md} above the working folder. */
    static Path findReadme() throws IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path f = p.resolve("README.md");
            if (Files.isRegularFile(f)
                    && Files.isRegularFile(p.resolve("pom.xml"))
                    && Files.isDirectory(p.resolve("vae-example"))) {
                return f;
            }
        }
        throw new IOException("README.md not found above " + Path.of("").toAbsolutePath());
    }
}
