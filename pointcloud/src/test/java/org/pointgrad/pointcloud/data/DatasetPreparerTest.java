package org.pointgrad.pointcloud.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.pointcloud.Mesh;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.io.ShapeFiles;
import org.pointgrad.pointcloud.io.ShapeFormat;

class DatasetPreparerTest {
    /** Counts the statuses reported to the listener. */
    static final class Counts implements DatasetPreparer.Listener {
        final Map<DatasetPreparer.Status, Integer> n = new EnumMap<>(DatasetPreparer.Status.class);
        int started = -1;

        @Override
        public void started(int shapes) {
            started = shapes;
        }

        @Override
        public void shapeDone(String id, DatasetPreparer.Status s) {
            n.merge(s, 1, Integer::sum);
        }

        int of(DatasetPreparer.Status s) {
            return n.getOrDefault(s, 0);
        }
    }

    static Path collection(Path root) throws IOException {
        for (int i = 0; i < 6; i++) {
            Path f = root.resolve(i % 2 == 0 ? "glider" : "fighter").resolve("p" + i + ".obj");
            Files.createDirectories(f.getParent());
            ShapeFiles.write(f, CollectionTrees.box(i), ShapeFormat.OBJ);
        }
        Files.writeString(root.resolve("glider/broken.off"), "OFF\n3 1 0\n0 0 0\n1 0 0\n");
        // All vertices identical: no surface to sample.
        ShapeFiles.write(
                root.resolve("fighter/flat.obj"),
                new Mesh(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, new int[] {0, 1, 2}),
                ShapeFormat.OBJ);
        return root;
    }

    static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    @Test
    void writesManifestPointsNormalsAndTheSkippedList(@TempDir Path dir) throws Exception {
        Path src = collection(dir.resolve("src")), out = dir.resolve("ds");
        Counts counts = new Counts();
        DatasetPreparer.Result r =
                new DatasetPreparer(src, out).points(500).seed(4).run(counts);
        assertEquals(8, counts.started);
        assertEquals(6, r.shapes());
        assertEquals(6, r.sampled());
        assertEquals(6, counts.of(DatasetPreparer.Status.NEW));
        assertEquals(2, counts.of(DatasetPreparer.Status.SKIPPED));
        assertEquals(
                List.of(src.resolve("fighter/flat.obj"), src.resolve("glider/broken.off")),
                r.skipped().stream().map(BadFile::path).toList());
        assertTrue(
                r.skipped().get(0).message().contains("zero surface area"),
                r.skipped().get(0).message());
        String skippedList = Files.readString(out.resolve(PreparedDataset.SKIPPED));
        assertTrue(
                skippedList.contains("broken.off\t") && skippedList.contains("file ended after 2 of 3 vertex lines"),
                skippedList);

        assertTrue(PreparedDataset.isPrepared(out));
        assertFalse(PreparedDataset.isPrepared(src));
        PreparedDataset ds = PreparedDataset.open(out);
        assertEquals("500", ds.property("points"));
        assertEquals("folder", ds.property("layout"));
        assertEquals(
                List.of(
                        "fighter/p1.obj",
                        "fighter/p3.obj",
                        "fighter/p5.obj",
                        "glider/p0.obj",
                        "glider/p2.obj",
                        "glider/p4.obj"),
                ds.entries().stream().map(PreparedDataset.Entry::name).toList());
        for (PreparedDataset.Entry e : ds.entries()) {
            Path source = src.resolve(e.name());
            assertEquals(e.name().substring(0, e.name().indexOf('/')), e.label());
            assertEquals(ShapeCollection.isHeldOut(src, source, 0.2, 4), e.heldOut());
            assertEquals(source.toAbsolutePath().normalize().toString(), e.source());
            assertEquals(sha256(source), e.sha256());
            assertEquals(500, e.points());
            PointCloud p = ds.points(e), n = ds.normals(e);
            assertEquals(500, p.size());
            for (int i = 0; i < 500; i++) {
                double len = Math.sqrt(n.x(i) * n.x(i) + n.y(i) * n.y(i) + n.z(i) * n.z(i));
                assertEquals(1.0, len, 1e-5);
            }
        }
        // The same shape sampled by another run (or in another order) is the same cloud.
        Path again = dir.resolve("again");
        new DatasetPreparer(src, again).points(500).seed(4).run(new Counts());
        PreparedDataset other = PreparedDataset.open(again);
        assertEquals(
                ds.points(ds.entries().get(2)), other.points(other.entries().get(2)));
    }

    @Test
    void rerunKeepsWhatIsDoneAndRedoesWhatChanged(@TempDir Path dir) throws Exception {
        Path src = collection(dir.resolve("src")), out = dir.resolve("ds");
        new DatasetPreparer(src, out).points(300).run(new Counts());
        PreparedDataset first = PreparedDataset.open(out);
        List<byte[]> before = new ArrayList<>();
        for (PreparedDataset.Entry e : first.entries()) before.add(Files.readAllBytes(out.resolve(e.file())));

        Counts again = new Counts();
        DatasetPreparer.Result r = new DatasetPreparer(src, out).points(300).run(again);
        assertEquals(0, r.sampled());
        assertEquals(6, r.kept());
        assertEquals(2, again.of(DatasetPreparer.Status.SKIPPED));

        // Touched but unchanged: the hash shows it is the same file.
        Files.setLastModifiedTime(src.resolve("glider/p0.obj"), FileTime.fromMillis(1_000_000_000L));
        assertEquals(
                0, new DatasetPreparer(src, out).points(300).run(new Counts()).sampled());
        // Changed content: only that shape is sampled again.
        ShapeFiles.write(src.resolve("fighter/p3.obj"), CollectionTrees.box(40), ShapeFormat.OBJ);
        // A kill between a shape's files and its record: the shape is redone; a killed write's temp file is removed.
        PreparedDataset.Entry victim = first.entries().get(4);
        Path shapes = out.resolve(PreparedDataset.SHAPES);
        String base = victim.file()
                .substring(PreparedDataset.SHAPES.length() + 1, victim.file().length() - 4);
        Files.delete(shapes.resolve(base + ".entry"));
        Path temp = Files.writeString(shapes.resolve("." + base + ".npy.123.tmp"), "partial");
        Counts third = new Counts();
        r = new DatasetPreparer(src, out).points(300).run(third);
        assertEquals(2, r.sampled());
        assertEquals(1, third.of(DatasetPreparer.Status.CHANGED));
        assertEquals(1, third.of(DatasetPreparer.Status.NEW));
        assertFalse(Files.exists(temp));
        PreparedDataset now = PreparedDataset.open(out);
        assertEquals(first.entries().size(), now.entries().size());
        for (int i = 0; i < now.entries().size(); i++) {
            PreparedDataset.Entry e = now.entries().get(i);
            byte[] bytes = Files.readAllBytes(out.resolve(e.file()));
            if (e.name().equals("fighter/p3.obj")) {
                assertNotEquals(first.entries().get(i).sha256(), e.sha256());
                assertFalse(Arrays.equals(before.get(i), bytes));
            } else {
                assertArrayEquals(before.get(i), bytes, e.name());
            }
        }
        // A points file cut short (a crash before the data reached the disk) is sampled again, to the same cloud.
        PreparedDataset.Entry cut = now.entries().get(0);
        byte[] whole = Files.readAllBytes(out.resolve(cut.file()));
        Files.write(out.resolve(cut.file()), Arrays.copyOf(whole, 100));
        assertEquals(
                1, new DatasetPreparer(src, out).points(300).run(new Counts()).sampled());
        assertArrayEquals(whole, Files.readAllBytes(out.resolve(cut.file())));
        // Another point count or seed redoes everything.
        assertEquals(
                6, new DatasetPreparer(src, out).points(200).run(new Counts()).sampled());
        assertEquals(
                6,
                new DatasetPreparer(src, out)
                        .points(200)
                        .seed(9)
                        .run(new Counts())
                        .sampled());
        try (Stream<Path> s = Files.list(shapes)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void malformedManifestNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path src = collection(dir.resolve("src")), out = dir.resolve("ds");
        new DatasetPreparer(src, out).points(50).run(new Counts());
        Path m = out.resolve(PreparedDataset.MANIFEST);
        List<String> lines = new ArrayList<>(Files.readAllLines(m, StandardCharsets.UTF_8));
        int row = lines.size() - 1;
        lines.set(row, lines.get(row).replace("\t50\t", "\tfifty\t"));
        Files.write(m, lines, StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> PreparedDataset.open(out));
        assertTrue(
                e.getMessage().startsWith(m + ":" + (row + 1) + ": ")
                        && e.getMessage().contains("fifty"),
                e.getMessage());
        Files.writeString(m, "name\tlabel\n");
        assertFalse(PreparedDataset.isPrepared(out));
        assertThrows(IOException.class, () -> PreparedDataset.open(out));
    }

    @Test
    void namesWithTabsAndNonAsciiSurviveTheManifest(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src");
        for (String n : new String[] {"a\tb/x.obj", "é/ü.obj", "é/z.obj"}) {
            Path f = src.resolve(n);
            Files.createDirectories(f.getParent());
            ShapeFiles.write(f, CollectionTrees.box(n.length()), ShapeFormat.OBJ);
        }
        Path out = dir.resolve("ds");
        new DatasetPreparer(src, out).points(20).run(new Counts());
        List<String> names = PreparedDataset.open(out).entries().stream()
                .map(PreparedDataset.Entry::name)
                .toList();
        assertEquals(List.of("a\tb/x.obj", "é/z.obj", "é/ü.obj"), names);
        assertEquals("a\tb", PreparedDataset.open(out).entries().get(0).label());
    }

    @Test
    void shapesWhoseSourceIsGoneAreRemovedOnRerun(@TempDir Path dir) throws Exception {
        Path src = collection(dir.resolve("src")), out = dir.resolve("ds");
        new DatasetPreparer(src, out).points(100).run(new Counts());
        Path shapes = out.resolve(PreparedDataset.SHAPES);
        Map<String, PreparedDataset.Entry> byName = new TreeMap<>();
        for (PreparedDataset.Entry e : PreparedDataset.open(out).entries()) byName.put(e.name(), e);
        Path notes = Files.writeString(shapes.resolve("notes.txt"), "kept: not a shape file");
        byte[] keptPoints =
                Files.readAllBytes(out.resolve(byName.get("glider/p0.obj").file()));

        Files.delete(src.resolve("fighter/p1.obj"));
        Files.createDirectories(src.resolve("prop"));
        Files.move(src.resolve("glider/p2.obj"), src.resolve("prop/p2.obj"));
        DatasetPreparer.Result r = new DatasetPreparer(src, out).points(100).run(new Counts());

        assertEquals(List.of("fighter/p1.obj", "glider/p2.obj"), r.removed());
        assertEquals(1, r.sampled(), "the moved shape is a new one");
        assertEquals(4, r.kept());
        for (String name : r.removed()) {
            PreparedDataset.Entry gone = byName.get(name);
            assertFalse(Files.exists(out.resolve(gone.file())), name);
            assertFalse(Files.exists(out.resolve(gone.normalsFile())), name);
        }
        List<String> names = PreparedDataset.open(out).entries().stream()
                .map(PreparedDataset.Entry::name)
                .toList();
        assertEquals(
                List.of("fighter/p3.obj", "fighter/p5.obj", "glider/p0.obj", "glider/p4.obj", "prop/p2.obj"), names);
        try (Stream<Path> files = Files.list(shapes)) {
            assertEquals(3 * 5 + 1, files.count(), "points, normals and record of each shape, and the notes");
        }
        assertTrue(Files.exists(notes));
        assertArrayEquals(
                keptPoints,
                Files.readAllBytes(out.resolve(byName.get("glider/p0.obj").file())));
        assertEquals(
                List.of(),
                new DatasetPreparer(src, out).points(100).run(new Counts()).removed());
    }
}
