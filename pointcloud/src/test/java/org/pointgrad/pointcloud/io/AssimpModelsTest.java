package org.pointgrad.pointcloud.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Files from the wild: every OBJ, PLY, OFF, STL and GLB model of Debian's {@code assimp-testmodels} (written by many
 * tools) is read, or rejected with a one-line error naming the file, within a time limit; none crashes. Files outside
 * {@code invalid/} folders are read, except the few named here that are refused on purpose. Skipped when the package
 * is not installed (CI installs it).
 */
class AssimpModelsTest {
    static final Path ROOT = Path.of(System.getProperty("pointgrad.assimp.models", "/usr/share/assimp/models"));
    private static final Duration PER_FILE = Duration.ofSeconds(20);

    /** Valid-folder files refused on purpose, with a phrase the refusal must contain. */
    private static final Map<String, String> REFUSED = Map.of(
            // Numbers such as '3.1+e2' are ambiguous (3.1 or 310?); a reader that guessed would also accept corruption.
            "OBJ/number_formats.obj", "'3.1+e2' is not a number",
            // Declares 4 faces but holds one empty face: an invalid file kept outside invalid/.
            "OFF/invalid.off", "face 0 has 0 vertices",
            // Ends 69 bytes short of the 70051 vertices its header declares: truncated.
            "PLY/pond.0.ply", "file truncated",
            // glTF 1.0 binary, a different format from glTF 2.0.
            "glTF/BoxTextured-glTF-Binary/BoxTextured.glb", "only version 2",
            // Holds -Infinity coordinates on purpose.
            "glTF2/BoxWithInfinites-glTF-Binary/BoxWithInfinites.glb", "expected a finite float");

    @Test
    void everyModelIsReadOrRejectedWithOneLine() throws IOException {
        Assumptions.assumeTrue(
                Files.isDirectory(ROOT),
                "assimp test models not installed at " + ROOT
                        + " (apt-get install assimp-testmodels); skipping the walk over files from the wild");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(ROOT)) {
            s.filter(Files::isRegularFile)
                    .filter(p ->
                            p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(obj|ply|off|stl|glb)"))
                    .sorted()
                    .forEach(files::add);
        }
        Map<String, String> outcome = new TreeMap<>();
        int read = 0, refusedOnPurpose = 0, invalid = 0, meshFormats = 0, meshFormatsRead = 0;
        for (Path f : files) {
            String rel = ROOT.relativize(f).toString().replace('\\', '/');
            boolean inInvalid = rel.startsWith("invalid/") || rel.contains("/invalid/");
            boolean meshFormat = !rel.toLowerCase(Locale.ROOT).endsWith(".glb");
            String result = assertTimeoutPreemptively(
                    PER_FILE,
                    () -> {
                        try {
                            ShapeData d = ShapeFiles.read(f);
                            return "read " + (d.isMesh() ? d.mesh() : d.points());
                        } catch (ShapeFormatException e) {
                            String m = e.getMessage();
                            assertTrue(m.startsWith(f.toString() + ": "), "error names the file: " + m);
                            assertTrue(!m.contains("\n"), "error is one line: " + m);
                            return "rejected " + m.substring(f.toString().length() + 2);
                        } catch (Throwable t) {
                            return fail(rel + ": crashed with " + t, t);
                        }
                    },
                    rel + " took longer than " + PER_FILE);
            outcome.put(rel, result);
            if (meshFormat && !inInvalid) meshFormats++;
            if (inInvalid) {
                invalid++;
            } else if (REFUSED.containsKey(rel)) {
                assertTrue(result.startsWith("rejected") && result.contains(REFUSED.get(rel)), rel + ": " + result);
                refusedOnPurpose++;
            } else {
                assertTrue(result.startsWith("read"), rel + " is valid but was " + result);
                read++;
                if (meshFormat) meshFormatsRead++;
            }
        }
        outcome.forEach((k, v) -> System.out.println("assimp " + k + ": " + v));
        System.out.println("assimp models: " + read + " read, " + refusedOnPurpose + " refused on purpose, " + invalid
                + " in invalid/ (" + files.size() + " files); of the " + meshFormats + " valid OBJ/PLY/OFF/STL files "
                + meshFormatsRead + " are read");
        assertTrue(files.size() >= 40, "expected the package's OBJ/PLY/OFF/STL/GLB files, found " + files.size());
        assertEquals(files.size(), read + refusedOnPurpose + invalid);
    }
}
