package org.pointgrad.vae.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the repository's README and of its {@code docs/} pages compiles against the modules
 * and runs without throwing.
 */
class ReadmeExamplesTest {
    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> everyReadmeBlockCompilesAndRuns() throws Exception {
        Path readme = ReadmeExamples.findReadme();
        List<ReadmeExamples.Block> blocks = ReadmeExamples.blocks(Files.readString(readme));
        assertFalse(blocks.isEmpty(), readme + " has no ```java blocks");
        return blocks.stream().map(b -> test("README.md", b));
    }

    @TestFactory
    Stream<DynamicTest> everyDocsBlockCompilesAndRuns() throws Exception {
        Path root = ReadmeExamples.findReadme().getParent();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path page : ReadmeExamples.docsPages(root)) {
            String name = root.relativize(page).toString().replace('\\', '/');
            for (ReadmeExamples.Block b : ReadmeExamples.blocks(Files.readString(page))) tests.add(test(name, b));
        }
        assertFalse(tests.isEmpty(), "no ```java blocks under " + root.resolve("docs"));
        return tests.stream();
    }

    private DynamicTest test(String file, ReadmeExamples.Block b) {
        return DynamicTest.dynamicTest(
                file + " line " + b.line() + (b.run() ? "" : " (compile only)"),
                () -> ReadmeExamples.check(file, b, dir));
    }

    @Test
    void aBlockThatDoesNotCompileFailsNamingItsLine() {
        String md = "text\n```java\nimport java.util.List;\nint x = 1;\nString s = x;\n```\n";
        ReadmeExamples.Block b = ReadmeExamples.blocks(md).get(0);
        AssertionError e = assertThrows(AssertionError.class, () -> ReadmeExamples.check("X.md", b, dir));
        assertTrue(e.getMessage().contains("X.md:5:"), e.getMessage());
    }

    @Test
    void aBlockThatThrowsFails() {
        String md = "```java\nif (dir != null) throw new IllegalStateException(\"boom\");\n```\n";
        ReadmeExamples.Block b = ReadmeExamples.blocks(md).get(0);
        AssertionError e = assertThrows(AssertionError.class, () -> ReadmeExamples.check("X.md", b, dir));
        assertTrue(e.getMessage().contains("line 2 threw java.lang.IllegalStateException: boom"), e.getMessage());
    }

    @Test
    void noRunBlocksAreCompiledButNotRun() throws Exception {
        String md = "```java no-run\nif (dir != null) throw new IllegalStateException(\"not run\");\n```\n"
                + "```java no-run\nundefinedMethod();\n```\n";
        List<ReadmeExamples.Block> blocks = ReadmeExamples.blocks(md);
        assertEquals(2, blocks.size());
        ReadmeExamples.check("X.md", blocks.get(0), dir);
        assertThrows(AssertionError.class, () -> ReadmeExamples.check("X.md", blocks.get(1), dir));
    }

    @Test
    void badFencesAreErrorsNamingTheLine() {
        var open = assertThrows(IllegalArgumentException.class, () -> ReadmeExamples.blocks("a\n```java\nint x;\n"));
        assertEquals("line 2: ```java block never closed", open.getMessage());
        var option =
                assertThrows(IllegalArgumentException.class, () -> ReadmeExamples.blocks("```java run-twice\n```\n"));
        assertTrue(option.getMessage().startsWith("line 1: unknown block option 'run-twice'"), option.getMessage());
    }
}
