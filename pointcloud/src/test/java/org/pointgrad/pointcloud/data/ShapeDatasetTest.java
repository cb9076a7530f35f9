package org.pointgrad.pointcloud.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.autodiff.kernel.Parallel;
import org.pointgrad.pointcloud.Mesh;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.io.NpyWriter;
import org.pointgrad.pointcloud.io.ShapeFiles;
import org.pointgrad.pointcloud.io.ShapeFormat;
import org.pointgrad.pointcloud.io.ShapeFormatException;
import org.pointgrad.pointcloud.transform.Normalization;

class ShapeDatasetTest {
    /** A 1 x 1 square in the z = 0 plane. */
    static final Mesh SQUARE = new Mesh(new float[] {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0}, new int[] {0, 1, 2, 0, 2, 3});

    static PointCloud line(int n, float offset) {
        float[] p = new float[3 * n];
        for (int i = 0; i < n; i++) {
            p[3 * i] = i + offset;
            p[3 * i + 1] = 2 * i;
            p[3 * i + 2] = -i;
        }
        return new PointCloud(p);
    }

    static Path populate(Path root) throws IOException {
        Files.createDirectories(root.resolve("airplane"));
        Files.createDirectories(root.resolve("chair/deep"));
        ShapeFiles.write(root.resolve("airplane/square.off"), SQUARE, ShapeFormat.OFF);
        ShapeFiles.write(root.resolve("airplane/square.ply"), SQUARE, ShapeFormat.PLY);
        ShapeFiles.write(root.resolve("chair/few.xyz"), line(3, 0), ShapeFormat.XYZ);
        ShapeFiles.write(root.resolve("chair/deep/many.npy"), line(100, 0.5f), ShapeFormat.NPY);
        ShapeFiles.write(root.resolve("top.obj"), SQUARE, ShapeFormat.OBJ);
        Files.writeString(root.resolve("README.md"), "not a shape");
        Files.writeString(root.resolve(".hidden.xyz"), "garbage");
        return root;
    }

    @Test
    void loadsEveryFormatRecursivelyWithLabelsCountsAndNormalization(@TempDir Path dir) throws IOException {
        Path root = populate(dir.resolve("data"));
        ShapeDataset ds = ShapeDataset.fromFolder(root)
                .pointsPerCloud(64)
                .seed(3)
                .labelByParentFolder()
                .build();
        List<String> ids = ds.samples().stream().map(Sample::id).toList();
        assertEquals(
                List.of(
                        "airplane/square.off",
                        "airplane/square.ply",
                        "chair/deep/many.npy",
                        "chair/few.xyz",
                        "top.obj"),
                ids);
        assertEquals(List.of("airplane", "chair", "deep"), ds.labels());
        assertEquals("deep", ds.get(2).label());
        assertNull(ds.get(4).label());
        assertEquals(-1, ds.labelIndex(4));
        assertEquals(1, ds.labelIndex(3));
        assertEquals(64, ds.pointsPerCloud());
        for (Sample s : ds.samples()) {
            double r = 0;
            for (int i = 0; i < 64; i++)
                r = Math.max(
                        r,
                        Math.sqrt(s.cloud().x(i) * s.cloud().x(i)
                                + s.cloud().y(i) * s.cloud().y(i)
                                + s.cloud().z(i) * s.cloud().z(i)));
            assertEquals(1, r, 1e-5, s.id());
            assertFalse(s.cloud().hasNormals());
        }
        // The square mesh stays flat after sampling and normalization.
        for (int i = 0; i < 64; i++) assertEquals(0f, ds.get(0).cloud().z(i));
        // Same path and seed, different file format: the two square files differ in id, hence in samples.
        assertFalse(ds.get(0).cloud().equals(ds.get(1).cloud()));
        assertTrue(ds.badFiles().isEmpty());
        assertEquals(
                ds.samples(),
                ShapeDataset.fromFolder(root)
                        .pointsPerCloud(64)
                        .seed(3)
                        .labelByParentFolder()
                        .build()
                        .samples());
    }

    @Test
    void subsamplesWithoutRepeatsAndPadsWithOriginals(@TempDir Path dir) throws IOException {
        Path root = populate(dir);
        ShapeDataset ds = ShapeDataset.fromFolder(root)
                .pointsPerCloud(64)
                .normalization(Normalization.NONE)
                .build();
        PointCloud many = ds.get(2).cloud();
        Set<Float> xs = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            float x = many.x(i);
            assertTrue(xs.add(x), "repeated point " + x);
            int k = Math.round(x - 0.5f);
            assertEquals(2 * k, many.y(i), 0f);
            assertEquals(-k, many.z(i), 0f);
        }
        PointCloud few = ds.get(3).cloud();
        assertArrayEquals(line(3, 0).xyz(), Arrays.copyOf(few.xyz(), 9));
        for (int i = 3; i < 64; i++) {
            int k = Math.round(few.x(i));
            assertTrue(k >= 0 && k < 3);
            assertEquals(2 * k, few.y(i), 0f);
        }
    }

    @Test
    void addingFilesChangesNeitherOtherCloudsNorTheirSplit(@TempDir Path dir) throws IOException {
        Path root = populate(dir);
        FolderDatasetBuilder b =
                ShapeDataset.fromFolder(root).pointsPerCloud(32).seed(9);
        ShapeDataset before = b.build();
        ShapeFiles.write(root.resolve("airplane/aaa_new.xyz"), line(10, 7), ShapeFormat.XYZ);
        ShapeDataset after = b.build();
        assertEquals(before.size() + 1, after.size());
        for (Sample s : before.samples()) {
            Sample t = after.samples().stream()
                    .filter(x -> x.id().equals(s.id()))
                    .findFirst()
                    .orElseThrow();
            assertEquals(s.cloud(), t.cloud(), s.id());
            assertEquals(
                    ShapeDataset.isTest(s.id(), 0.3, 9),
                    before.split(Split.TEST, 0.3, 9).samples().contains(s));
        }
    }

    @Test
    void splitIsAPartitionNearTheRequestedFractionAndMatchesTheBuilder(@TempDir Path dir) throws IOException {
        int test = 0;
        for (int i = 0; i < 4000; i++) if (ShapeDataset.isTest("class/file" + i + ".off", 0.25, 42)) test++;
        assertEquals(1000, test, 90);
        List<PointCloud> clouds = new ArrayList<>();
        for (int i = 0; i < 50; i++) clouds.add(line(4, i));
        ShapeDataset all = ShapeDataset.fromClouds(clouds, null);
        ShapeDataset tr = all.split(Split.TRAIN, 0.3, 1), te = all.split(Split.TEST, 0.3, 1);
        assertEquals(50, tr.size() + te.size());
        Set<String> ids = new HashSet<>();
        tr.samples().forEach(s -> ids.add(s.id()));
        te.samples().forEach(s -> assertTrue(ids.add(s.id())));
        assertTrue(te.size() > 0 && tr.size() > 0);
        assertEquals(0, all.split(Split.TEST, 0.0, 1).size());
        assertEquals(50, all.split(Split.TEST, 1.0, 1).size());
        assertThrows(IllegalArgumentException.class, () -> all.split(Split.TEST, 1.5, 1));
        Path root = populate(dir);
        ShapeDataset full =
                ShapeDataset.fromFolder(root).pointsPerCloud(16).seed(5).build();
        for (Split s : Split.values()) {
            assertEquals(
                    full.split(s, 0.5, 5).samples(),
                    ShapeDataset.fromFolder(root)
                            .pointsPerCloud(16)
                            .seed(5)
                            .split(s, 0.5)
                            .build()
                            .samples(),
                    s.name());
        }
    }

    @Test
    void badFilesThrowTheFirstErrorOrAreListedWhenSkipped(@TempDir Path dir) throws IOException {
        Path root = populate(dir);
        Files.writeString(root.resolve("airplane/broken.off"), "OFF\n3 1 0\n0 0 0\n1 0 0\n");
        Files.writeString(root.resolve("chair/nan.xyz"), "1 2 3\nnan 1 1\n");
        ShapeFormatException e = assertThrows(
                ShapeFormatException.class,
                () -> ShapeDataset.fromFolder(root).pointsPerCloud(16).build());
        assertEquals(root.resolve("airplane/broken.off"), e.file());
        ShapeDataset ds = ShapeDataset.fromFolder(root)
                .pointsPerCloud(16)
                .skipBadFiles(true)
                .build();
        assertEquals(5, ds.size());
        assertEquals(2, ds.badFiles().size());
        assertEquals(root.resolve("airplane/broken.off"), ds.badFiles().get(0).path());
        assertTrue(
                ds.badFiles().get(0).message().contains("file ended after 2 of 3 vertex lines"),
                ds.badFiles().get(0).message());
        assertEquals(root.resolve("chair/nan.xyz"), ds.badFiles().get(1).path());
        assertTrue(
                ds.badFiles().get(1).message().contains("line 2"),
                ds.badFiles().get(1).message());
    }

    @Test
    void diskCacheIsWrittenReusedAndInvalidatedBySourceChanges(@TempDir Path dir) throws IOException {
        Path root = populate(dir.resolve("data"));
        Path cache = root.resolve("cache"); // inside the root on purpose: must not be loaded as data
        FolderDatasetBuilder b =
                ShapeDataset.fromFolder(root).pointsPerCloud(20).seed(1).cacheDir(cache);
        ShapeDataset first = b.build();
        List<Path> entries;
        try (Stream<Path> s = Files.list(cache)) {
            entries = s.sorted().toList();
        }
        assertEquals(first.size(), entries.size());
        assertEquals(first.samples(), b.build().samples());
        // Overwrite the cache entry of the .ply square: a second load must return the cache's content.
        Path plyEntry = entries.stream()
                .filter(p -> p.getFileName().toString().startsWith("airplane_square.ply"))
                .findFirst()
                .orElseThrow();
        PointCloud marker = line(20, 100);
        try (OutputStream out = Files.newOutputStream(plyEntry)) {
            NpyWriter.write(out, marker);
        }
        assertEquals(marker, b.build().get(1).cloud());
        // Touching the source changes the cache key, so the real data comes back.
        Files.setLastModifiedTime(root.resolve("airplane/square.ply"), FileTime.fromMillis(1_000_000_000L));
        assertEquals(first.get(1).cloud(), b.build().get(1).cloud());
        // A damaged entry is rebuilt rather than failing the load.
        Files.write(plyEntry, new byte[] {1, 2, 3});
        for (Path p : entries) Files.write(p, new byte[] {1, 2, 3});
        assertEquals(first.samples(), b.build().samples());
    }

    @Test
    void resultDoesNotDependOnTheThreadCount(@TempDir Path dir) throws IOException {
        Path root = populate(dir);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            ShapeDataset one =
                    ShapeDataset.fromFolder(root).pointsPerCloud(40).seed(2).build();
            Parallel.setThreads(3);
            assertEquals(
                    one.samples(),
                    ShapeDataset.fromFolder(root)
                            .pointsPerCloud(40)
                            .seed(2)
                            .build()
                            .samples());
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void inMemoryClouds() {
        List<PointCloud> clouds = List.of(line(5, 0), line(5, 1), line(5, 2));
        ShapeDataset ds = ShapeDataset.fromClouds(clouds, Arrays.asList("wing", null, "body"));
        assertEquals(List.of("body", "wing"), ds.labels());
        assertEquals(1, ds.labelIndex(0));
        assertEquals(-1, ds.labelIndex(1));
        assertEquals("item-2", ds.get(2).id());
        assertEquals(clouds.get(1), ds.cloud(1));
        assertEquals(5, ds.pointsPerCloud());
        assertThrows(IllegalArgumentException.class, () -> ShapeDataset.fromClouds(clouds, List.of("a")));
        assertEquals(
                -1,
                ShapeDataset.fromClouds(List.of(line(5, 0), line(6, 0)), null).pointsPerCloud());
    }
}
