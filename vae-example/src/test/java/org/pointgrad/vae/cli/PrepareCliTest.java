package org.pointgrad.vae.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.data.PreparedDataset;
import org.pointgrad.pointcloud.io.ShapeFiles;
import org.pointgrad.pointcloud.io.ShapeFormat;
import org.pointgrad.pointcloud.shapes.Primitives;

/** prepare, then train and eval on the prepared dataset, through the command line. */
class PrepareCliTest {
    static Path meshes(Path root) throws Exception {
        for (int i = 0; i < 12; i++) {
            Path f = root.resolve(i % 2 == 0 ? "box" : "cylinder").resolve("s" + i + ".obj");
            Files.createDirectories(f.getParent());
            ShapeFiles.write(
                    f,
                    i % 2 == 0 ? Primitives.box(1 + 0.2 * i, 1, 0.5) : Primitives.cylinder(0.5, 1 + 0.1 * i, 12),
                    ShapeFormat.OBJ);
        }
        return root;
    }

    @Test
    void prepareThenTrainAndEvalOnThePreparedDataset(@TempDir Path dir) throws Exception {
        Path src = meshes(dir.resolve("src")), ds = dir.resolve("ds"), run = dir.resolve("run");
        Files.writeString(src.resolve("box/broken.obj"), "v 0 0 0\nf 1 2 3\n");
        Cli.Run p = Cli.run(
                "prepare",
                "--data",
                src.toString(),
                "--out",
                ds.toString(),
                "--points",
                "2000",
                "--test-fraction",
                "0.4",
                "--no-progress");
        assertEquals(0, p.code(), p.err() + p.out());
        assertTrue(p.out().contains("prepared 12 shapes of 2000 points"), p.out());
        assertTrue(p.out().contains("skipped " + src.resolve("box/broken.obj")), p.out());
        assertTrue(Files.readString(ds.resolve(PreparedDataset.SKIPPED)).contains("broken.obj"));
        Cli.Run again = Cli.run(
                "prepare",
                "--data",
                src.toString(),
                "--out",
                ds.toString(),
                "--points",
                "2000",
                "--test-fraction",
                "0.4",
                "--no-progress");
        assertTrue(again.out().contains("(0 sampled, 12 kept from an earlier run, 0 removed)"), again.out());

        Cli.Run t = Cli.run(
                "train",
                "--data",
                ds.toString(),
                "--resample-each-epoch",
                "--points",
                "128",
                "--epochs",
                "2",
                "--batch",
                "2",
                "--latent",
                "8",
                "--patches",
                "2",
                "--hidden",
                "16",
                "--eval-shapes",
                "4",
                "--out",
                run.toString(),
                "--no-progress");
        assertEquals(0, t.code(), t.err() + t.out());
        assertTrue(t.out().contains("prepared, 12 shapes of 2000 points, fresh points each epoch"), t.out());
        assertTrue(Files.readString(run.resolve("run.properties")).contains("resampleEachEpoch=true"));
        Cli.Run e = Cli.run("eval", "--model", run.toString(), "--shapes", "4");
        assertEquals(0, e.code(), e.err() + e.out());
        assertTrue(e.out().contains("held-out data: " + ds), e.out());
        assertTrue(e.out().contains("family kept"), e.out());

        Files.delete(src.resolve("cylinder/s3.obj"));
        Cli.Run gone = Cli.run(
                "prepare",
                "--data",
                src.toString(),
                "--out",
                ds.toString(),
                "--points",
                "2000",
                "--test-fraction",
                "0.4",
                "--no-progress");
        assertEquals(0, gone.code(), gone.err() + gone.out());
        assertTrue(gone.out().contains("removed cylinder/s3.obj: its source is gone"), gone.out());
        assertTrue(gone.out().contains("prepared 11 shapes of 2000 points"), gone.out());
        assertTrue(gone.out().contains("(0 sampled, 11 kept from an earlier run, 1 removed)"), gone.out());
    }

    @Test
    void skipBadFilesListsEveryFileAndWritesItIntoTheRun(@TempDir Path dir) throws Exception {
        Path src = meshes(dir.resolve("src")), run = dir.resolve("run");
        Files.writeString(src.resolve("cylinder/broken.off"), "OFF\n3 1 0\n0 0 0\n");
        ShapeFiles.write(src.resolve("box/dot.xyz"), new PointCloud(new float[] {1, 1, 1, 1, 1, 1}), ShapeFormat.XYZ);
        Cli.Run stop = Cli.run(
                "train",
                "--data",
                src.toString(),
                "--points",
                "64",
                "--epochs",
                "1",
                "--out",
                dir.resolve("stopped").toString(),
                "--no-progress");
        assertEquals(2, stop.code(), stop.err() + stop.out());
        assertTrue(stop.err().contains("broken.off"), stop.err());
        Cli.Run t = Cli.run(
                "train",
                "--data",
                src.toString(),
                "--skip-bad-files",
                "--points",
                "64",
                "--epochs",
                "1",
                "--batch",
                "2",
                "--latent",
                "8",
                "--patches",
                "2",
                "--hidden",
                "16",
                "--eval-shapes",
                "4",
                "--out",
                run.toString(),
                "--no-progress");
        assertEquals(0, t.code(), t.err() + t.out());
        assertTrue(t.out().contains("skipped " + src.resolve("cylinder/broken.off") + ": "), t.out());
        assertTrue(
                t.out().contains("skipped " + src.resolve("box/dot.xyz") + ": all 64 points are identical"), t.out());
        String list = Files.readString(run.resolve(DataOptions.SKIPPED_FILE));
        assertTrue(list.contains("broken.off") && list.contains("dot.xyz"), list);

        Cli.Run raw = Cli.run(
                "train",
                "--data",
                src.toString(),
                "--resample-each-epoch",
                "--epochs",
                "1",
                "--out",
                dir.resolve("raw").toString(),
                "--no-progress");
        assertEquals(2, raw.code(), raw.err());
        assertTrue(raw.err().contains("--resample-each-epoch needs a prepared dataset"), raw.err());
        assertFalse(Files.exists(dir.resolve("raw/model.safetensors")));
    }
}
