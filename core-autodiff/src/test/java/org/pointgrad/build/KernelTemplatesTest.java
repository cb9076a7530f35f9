package org.pointgrad.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel template generator (build/KernelTemplates.java), run as the build runs it. */
class KernelTemplatesTest {
    private static final Path GENERATOR =
            Path.of("..", "build", "KernelTemplates.java").toAbsolutePath().normalize();

    /** The generator compiled once, so each run below starts a JVM but does not recompile it. */
    private static Path classes;

    @TempDir
    Path dir;

    @BeforeAll
    static void compile(@TempDir Path out) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", out.toString(), GENERATOR.toString()), "generator compiles");
        classes = out;
    }

    private record Run(int exit, String output) {}

    private Run generate() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classes.toString(),
                "KernelTemplates",
                dir.resolve("templates").toString(),
                dir.resolve("out").toString(),
                dir.resolve("src").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "generator timed out");
        return new Run(p.exitValue(), out);
    }

    private void template(String name, String... lines) throws IOException {
        Path f = dir.resolve("templates/org/example/" + name + ".java.tmpl");
        Files.createDirectories(f.getParent());
        Files.writeString(f, String.join("\n", lines) + "\n");
    }

    private String output(String className) throws IOException {
        return Files.readString(dir.resolve("out/org/example/" + className + ".java"));
    }

    @Test
    void rendersEveryPlaceholderForBothTypes() throws Exception {
        template("Other", "//! float OtherF", "//! double OtherD", "package org.example;", "final class $Class$ {}");
        template(
                "Scale",
                "//! float ScaleF",
                "//! double ScaleD",
                "package org.example;",
                "final class $Class$ extends $Class(Other)$ {",
                "    static $type$ half($type$ x) { return x * $lit(0.5)$ + $lit(1)$; }",
                "    static $Type$ boxed; $Vector$ v; Object s = $species$; int b = $signBit$; $bits$ w = $toBits$(0);",
                "    // $T$ $blas$gemm $fromBits$ $dollar$ $float(only-float)$$double(only-double)$",
                "#if float",
                "    int f;",
                "#else",
                "    int d;",
                "#end",
                "}");
        Run r = generate();
        assertEquals(0, r.exit(), r.output());
        String f = output("ScaleF"), d = output("ScaleD");
        assertTrue(f.startsWith("// DO NOT EDIT: generated from "), f);
        assertTrue(f.contains("final class ScaleF extends OtherF {"), f);
        assertTrue(f.contains("static float half(float x) { return x * 0.5f + 1f; }"), f);
        assertTrue(
                f.contains("static Float boxed; FloatVector v; Object s = FloatVector.SPECIES_PREFERRED; int b = 31;"
                        + " int w = Float.floatToRawIntBits(0);"),
                f);
        assertTrue(f.contains("// F sgemm Float.intBitsToFloat $ only-float\n    int f;\n}"), f);
        assertTrue(d.contains("final class ScaleD extends OtherD {"), d);
        assertTrue(d.contains("static double half(double x) { return x * 0.5 + 1.0; }"), d);
        assertTrue(
                d.contains("static Double boxed; DoubleVector v; Object s = DoubleVector.SPECIES_PREFERRED; int b = 63;"
                        + " long w = Double.doubleToRawLongBits(0);"),
                d);
        assertTrue(d.contains("// D dgemm Double.longBitsToDouble $ only-double\n    int d;\n}"), d);
    }

    @Test
    void unknownPlaceholdersAndFloatOnlyCodeFailNamingTheLine() throws Exception {
        template(
                "Bad",
                "//! float BadF",
                "//! double BadD",
                "package org.example;",
                "final class $Class$ {",
                "    $typo$ x;",
                "}");
        Run r = generate();
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("Bad.java.tmpl:5: unknown placeholder $typo$"), r.output());

        template(
                "Bad",
                "//! float BadF",
                "//! double BadD",
                "package org.example;",
                "final class $Class$ {",
                "    $type$ x = 0.5f;",
                "}");
        r = generate();
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("Bad.java.tmpl:5: '0.5f' outside an escape hatch"), r.output());

        template(
                "Bad",
                "//! float BadF",
                "//! double BadD",
                "package org.example;",
                "final class $Class$ {",
                "    $lit(half)$",
                "}");
        r = generate();
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("Bad.java.tmpl:5: $lit(...)$ takes a decimal number"), r.output());
    }

    @Test
    void generatedCodeUnderSrcFailsTheBuild() throws Exception {
        template("Ok", "//! float OkF", "//! double OkD", "package org.example;", "final class $Class$ {}");
        Path copy = dir.resolve("src/main/java/org/example/OkD.java");
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, "package org.example;\nfinal class OkD {}\n");
        Run r = generate();
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("OkD.java:1: a hand-written copy of generated"), r.output());

        Files.delete(copy);
        Path committed = dir.resolve("src/main/java/org/example/Elsewhere.java");
        Files.writeString(committed, "// DO NOT EDIT: generated from x.java.tmpl by build/KernelTemplates.java\n");
        r = generate();
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("Elsewhere.java:1: a generated file in the source tree"), r.output());
    }

    @Test
    void keepsUnchangedOutputsAndRemovesStaleOnes() throws Exception {
        template("Keep", "//! float KeepF", "//! double KeepD", "package org.example;", "final class $Class$ {}");
        assertEquals(0, generate().exit());
        Path kept = dir.resolve("out/org/example/KeepF.java");
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(kept, old);
        Path stale = dir.resolve("out/org/example/Gone.java");
        Files.writeString(stale, "class Gone {}");
        assertEquals(0, generate().exit());
        assertEquals(old, Files.getLastModifiedTime(kept), "an unchanged output is not rewritten");
        assertFalse(Files.exists(stale), "an output without a template is removed");
    }
}
