package org.pointgrad.pointcloud.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.pointcloud.io.ShapeFiles;
import org.pointgrad.pointcloud.io.ShapeFormat;

/**
 * A real kill: a child JVM preparing a collection is killed with SIGKILL mid-way; a re-run completes the dataset,
 * keeping every shape recorded before the kill, to exactly the files an uninterrupted run writes.
 */
class DatasetPreparerKillTest {
    private static final int SHAPES = 40, POINTS = 3000;

    private static Path collection(Path root) throws IOException {
        String[] classes = {"airliner", "fighter", "glider", "prop"};
        for (int i = 0; i < SHAPES; i++) {
            Path f = root.resolve(classes[i % 4]).resolve("s" + i + ".obj");
            Files.createDirectories(f.getParent());
            ShapeFiles.write(f, CollectionTrees.box(i), ShapeFormat.OBJ);
        }
        return root;
    }

    private static long records(Path shapes) throws IOException {
        if (!Files.isDirectory(shapes)) return 0;
        try (Stream<Path> s = Files.list(shapes)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".entry")).count();
        }
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aKilledRunResumesToTheDatasetOfAnUninterruptedOne(@TempDir Path dir) throws Exception {
        Path src = collection(dir.resolve("src")), ref = dir.resolve("ref"), out = dir.resolve("ds");
        new DatasetPreparer(src, ref).points(POINTS).run(new DatasetPreparer.Listener() {});

        Path log = dir.resolve("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-XX:-UsePerfData",
                        "-cp",
                        System.getProperty("java.class.path"),
                        PrepareUntilKilled.class.getName(),
                        src.toString(),
                        out.toString(),
                        Integer.toString(POINTS))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Path shapes = out.resolve(PreparedDataset.SHAPES);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            while (records(shapes) < 8) {
                if (!child.isAlive()) fail("the child ended before the kill: " + Files.readString(log));
                if (System.nanoTime() > deadline)
                    fail("the child wrote no 8 records in 60 s: " + Files.readString(log));
                Thread.sleep(5);
            }
            // A few milliseconds more, so the kill lands at varying points of a shape's writes.
            Thread.sleep(new SplittableRandom().nextInt(0, 30));
        } finally {
            child.destroyForcibly();
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the killed child is gone");
        long recorded = records(shapes);
        assertTrue(recorded < SHAPES, "killed mid-way, after " + recorded + " records");
        assertFalse(Files.exists(out.resolve(PreparedDataset.MANIFEST)), "the manifest is written last");

        DatasetPreparer.Result r = new DatasetPreparer(src, out).points(POINTS).run(new DatasetPreparer.Listener() {});
        assertEquals(SHAPES, r.shapes());
        assertEquals(recorded, r.kept(), "every shape recorded before the kill is kept");
        assertEquals(SHAPES - recorded, r.sampled());
        assertEquals(List.of(), r.removed());

        PreparedDataset ds = PreparedDataset.open(out);
        Set<String> names = new HashSet<>();
        for (PreparedDataset.Entry e : ds.entries()) {
            assertTrue(names.add(e.name()), "listed once: " + e.name());
            assertEquals(DatasetPreparer.sha256(Files.readAllBytes(Path.of(e.source()))), e.sha256(), e.name());
            assertEquals(POINTS, ds.points(e).size(), e.name());
            assertEquals(POINTS, ds.normals(e).size(), e.name());
        }
        assertEquals(SHAPES, names.size());
        assertEquals(listing(ref.resolve(PreparedDataset.SHAPES)), listing(shapes), "no leftover or missing file");
        for (String f : listing(shapes)) {
            assertArrayEquals(
                    Files.readAllBytes(ref.resolve(PreparedDataset.SHAPES).resolve(f)),
                    Files.readAllBytes(shapes.resolve(f)),
                    f);
        }
        for (String f : List.of(PreparedDataset.MANIFEST, PreparedDataset.SKIPPED)) {
            assertEquals(
                    Files.readString(ref.resolve(f), StandardCharsets.UTF_8),
                    Files.readString(out.resolve(f), StandardCharsets.UTF_8),
                    f);
        }
    }
}
