package org.pointgrad.vae.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every public and protected class, member and constructor of the library modules has a Javadoc comment. This is
 * the part of doclint's {@code missing} group that the project keeps (its one-line comments carry no {@code @param}
 * or {@code @return} tags, which the rest of that group demands); javac's doclint finds the members.
 */
class PublicJavadocTest {
    private static final List<String> MODULES = List.of("core-autodiff", "nn", "pointcloud", "vae-example");

    @Test
    void everyPublicMemberHasAComment(@TempDir Path out) throws IOException {
        Path root = ReadmeExamples.findReadme().getParent();
        List<Path> sources = new ArrayList<>();
        for (String m : MODULES) {
            for (Path dir : List.of(
                    root.resolve(m).resolve("src/main/java"),
                    root.resolve(m).resolve("target/generated-sources/kernels"))) {
                if (!Files.isDirectory(dir)) continue;
                try (Stream<Path> files = Files.walk(dir)) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
                }
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = List.of(
                    "-proc:none",
                    "-Xdoclint:missing/protected",
                    "-Xmaxwarns",
                    "100000",
                    "-d",
                    out.toString(),
                    "-classpath",
                    ReadmeExamples.classPath(),
                    "--add-modules",
                    "jdk.incubator.vector");
            javac.getTask(
                            new StringWriter(),
                            files,
                            diagnostics,
                            options,
                            null,
                            files.getJavaFileObjectsFromPaths(sources))
                    .call();
        }
        Set<String> missing = new TreeSet<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getSource() == null || !d.getMessage(Locale.ROOT).equals("no comment")) continue;
            String file =
                    root.relativize(Path.of(d.getSource().toUri())).toString().replace('\\', '/');
            String where = file + ":" + d.getLineNumber();
            missing.add(where);
        }
        assertEquals(Set.of(), missing, "public or protected declarations without a Javadoc comment");
    }
}
