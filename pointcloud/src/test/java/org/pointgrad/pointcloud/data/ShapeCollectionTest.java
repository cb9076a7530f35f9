package org.pointgrad.pointcloud.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.pointcloud.io.ShapeFiles;
import org.pointgrad.pointcloud.io.ShapeFormat;

class ShapeCollectionTest {
    static List<String> ids(ShapeCollection c) {
        return c.entries().stream().map(CollectionEntry::id).toList();
    }

    @Test
    void shapeNetV1TakesOneModelPerFolderNamedFromTheTaxonomy(@TempDir Path dir) throws IOException {
        Path root = CollectionTrees.shapeNetV1(dir);
        ShapeCollection c = ShapeCollection.scan(root, null, 0.2, 1);
        assertEquals(CollectionLayout.SHAPENET, c.layout());
        assertEquals(List.of("02691156/a0", "02691156/a1", "02691156/a2", "03001627/c0", "03001627/c1"), ids(c));
        assertEquals(
                List.of("airplane", "airplane", "airplane", "chair", "chair"),
                c.entries().stream().map(CollectionEntry::label).toList());
        assertEquals(root.resolve("02691156/a1/model.obj"), c.entries().get(1).file());
        assertEquals(1, c.skipped().size());
        assertEquals(root.resolve("03001627/empty"), c.skipped().get(0).path());
        assertTrue(
                c.skipped().get(0).message().contains("model.obj"),
                c.skipped().get(0).message());
        // The OBJ with mtllib/usemtl/vt, beside its .mtl and texture, loads as the mesh alone.
        ShapeDataset ds = ShapeDataset.fromFolder(root).pointsPerCloud(32).build();
        assertEquals(5, ds.size());
        assertEquals(List.of("airplane", "chair"), ds.labels());
    }

    @Test
    void shapeNetV2WithoutTaxonomyIsLabelledBySynsetId(@TempDir Path dir) throws IOException {
        Path root = CollectionTrees.shapeNetV2(dir);
        assertEquals(CollectionLayout.SHAPENET, ShapeCollection.detect(root));
        ShapeCollection c = ShapeCollection.scan(root, null, 0.2, 1);
        assertEquals(List.of("02691156/b0", "02691156/b1", "02691156/b2"), ids(c));
        assertEquals(
                root.resolve("02691156/b0/models/model_normalized.obj"),
                c.entries().get(0).file());
        for (CollectionEntry e : c.entries()) assertEquals(CollectionTrees.AIRPLANE, e.label());
        assertTrue(c.skipped().isEmpty());
    }

    @Test
    void modelNetKeepsItsOwnSplitAndListsStrayFiles(@TempDir Path dir) throws IOException {
        Path root = CollectionTrees.modelNet(dir);
        ShapeCollection c = ShapeCollection.scan(root, null, 0.9, 1);
        assertEquals(CollectionLayout.MODELNET, c.layout());
        assertEquals(8, c.entries().size());
        for (CollectionEntry e : c.entries()) {
            assertEquals(e.id().contains("/test/"), e.heldOut(), e.id());
            assertEquals(e.id().substring(0, e.id().indexOf('/')), e.label());
        }
        assertEquals(
                List.of(root.resolve("chair/stray.off")),
                c.skipped().stream().map(BadFile::path).toList());
        ShapeDataset ds = ShapeDataset.fromFolder(root).pointsPerCloud(16).build();
        assertEquals(4, ds.part(Split.TEST).size());
        assertEquals(4, ds.part(Split.TRAIN).size());
        assertEquals(1, ds.badFiles().size());
        // An explicit layout wins over detection: as a plain folder the labels stay, the split is by hash.
        ShapeCollection f = ShapeCollection.scan(root, CollectionLayout.FOLDER, 0.5, 1);
        assertEquals(9, f.entries().size());
        assertEquals("chair", f.entries().get(f.entries().size() - 1).label());
    }

    @Test
    void plainFolderLabelsByTopLevelSubFolder(@TempDir Path dir) throws IOException {
        ShapeFiles.write(
                Files.createDirectories(dir.resolve("fighter/old")).resolve("f1.obj"),
                CollectionTrees.box(1),
                ShapeFormat.OBJ);
        ShapeFiles.write(dir.resolve("top.OFF"), CollectionTrees.box(2), ShapeFormat.OFF);
        Files.createDirectories(dir.resolve(".git"));
        ShapeFiles.write(dir.resolve(".git/x.obj"), CollectionTrees.box(3), ShapeFormat.OBJ);
        ShapeCollection c = ShapeCollection.scan(dir, null, 0.2, 1);
        assertEquals(CollectionLayout.FOLDER, c.layout());
        assertEquals(List.of("fighter/old/f1.obj", "top.OFF"), ids(c));
        assertEquals("fighter", c.entries().get(0).label());
        assertNull(c.entries().get(1).label());
        assertEquals(CollectionLayout.MODELNET, CollectionLayout.parse(" ModelNet "));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> CollectionLayout.parse("voxels"));
        assertTrue(e.getMessage().contains("voxels") && e.getMessage().contains("shapenet"), e.getMessage());
    }

    @Test
    void splitHashesThePathBytesNearTheFractionAndNeverMovesAnEntry(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("data");
        int held = 0;
        List<Boolean> first = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            boolean h = ShapeCollection.isHeldOut(root, root.resolve("c/f" + i + ".obj"), 0.25, 7);
            first.add(h);
            if (h) held++;
        }
        assertEquals(500, held, 70);
        for (int i = 0; i < 2000; i++) {
            assertEquals(first.get(i), ShapeCollection.isHeldOut(root, root.resolve("c/f" + i + ".obj"), 0.25, 7));
        }
        assertArrayEquals(
                "é/ñ 1.obj".getBytes(StandardCharsets.UTF_8),
                ShapeCollection.relativeBytes(root, root.resolve("é").resolve("ñ 1.obj")));
        Files.createDirectories(root.resolve("a"));
        for (int i = 0; i < 6; i++)
            ShapeFiles.write(root.resolve("a/s" + i + ".off"), CollectionTrees.box(i), ShapeFormat.OFF);
        List<CollectionEntry> before = ShapeCollection.scan(root, null, 0.5, 3).entries();
        ShapeFiles.write(root.resolve("a/new.off"), CollectionTrees.box(9), ShapeFormat.OFF);
        List<CollectionEntry> after = ShapeCollection.scan(root, null, 0.5, 3).entries();
        assertEquals(before.size() + 1, after.size());
        for (CollectionEntry e : before) assertTrue(after.contains(e), e.id());
    }

    @Test
    void nonAsciiNamesAndTheirSplitAreTheSameInEveryLocale(@TempDir Path dir) throws Exception {
        String chinese = "飞机/运-20.obj";
        String[] ids = {"Überflieger/ß.obj", "avión/ñandú.obj", chinese, "plain/a.obj", "plain/é.obj"};
        for (String name : ids) {
            Path f = dir.resolve(name);
            Files.createDirectories(f.getParent());
            ShapeFiles.write(f, CollectionTrees.box(name.length()), ShapeFormat.OBJ);
        }
        String utf8 = listIn(dir, "C.UTF-8"), posix = listIn(dir, "C");
        assertEquals(5, utf8.lines().count(), utf8);
        assertEquals(utf8, posix);
        assertTrue(utf8.contains(hex(chinese)), utf8);
    }

    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The collection's ids (as hex of their UTF-8 bytes) and sides, listed by a JVM started in {@code locale}. */
    private static String listIn(Path root, String locale) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), CollectionListing.class.getName(), root.toString());
        pb.environment().put("LC_ALL", locale);
        pb.environment().put("LANG", locale);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String s = new String(out, StandardCharsets.US_ASCII);
        assertEquals(0, p.exitValue(), s);
        assertFalse(s.isBlank());
        return s;
    }
}
