package org.pointgrad.vae.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.io.ShapeFiles;
import org.pointgrad.pointcloud.io.ShapeFormat;
import org.pointgrad.pointcloud.metrics.ChamferMatrix;
import org.pointgrad.pointcloud.shapes.AirplaneFamily;
import org.pointgrad.pointcloud.shapes.Airplanes;
import org.pointgrad.pointcloud.transform.Normalization;
import org.pointgrad.pointcloud.transform.NormalizationFrame;
import org.pointgrad.vae.cli.Cli.Run;

/**
 * Outputs overlay their inputs: reconstruct and interpolate write in each input file's frame (or, asked, the
 * normalized one), the printed Chamfer is that of the files written, and the run's axis convention is used.
 */
class OutputFrameCliTest {
    static final int POINTS = 256;
    static final float SCALE = 40f;
    static final float[] SHIFT = {100f, -50f, 7f};

    @TempDir
    static Path dir;

    static Path runDir, fighter, glider;

    @BeforeAll
    static void trainAndWriteShiftedInputs() throws IOException {
        runDir = dir.resolve("run");
        TinyRun.train(runDir, "--points", String.valueOf(POINTS), "--axes", "xaft-yup");
        fighter = shifted("fighter.ply", AirplaneFamily.FIGHTER, SCALE, SHIFT);
        glider = shifted("glider.ply", AirplaneFamily.GLIDER, 3f, new float[] {-20f, 0f, 5f});
    }

    /** A procedural airplane of exactly {@link #POINTS} points, scaled and moved far from the unit ball. */
    static Path shifted(String name, AirplaneFamily family, float scale, float[] shift) throws IOException {
        PointCloud c = Airplanes.sampleCloud(
                Airplanes.generate(family, new SplittableRandom(5)), POINTS, new SplittableRandom(6));
        float[] p = c.xyz().clone();
        for (int i = 0; i < p.length; i++) p[i] = p[i] * scale + shift[i % 3];
        Path f = dir.resolve(name);
        ShapeFiles.write(f, new PointCloud(p), ShapeFormat.PLY);
        return f;
    }

    static double printedChamfer(String out) {
        Matcher m = Pattern.compile("Chamfer (\\S+)").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }

    static float[] read(Path f) throws IOException {
        return ShapeFiles.readPointCloud(f, POINTS, new SplittableRandom(0)).xyz();
    }

    @Test
    void reconstructionOverlaysItsInputAndThePrintedChamferIsTheFilesOne() throws IOException {
        Path out = dir.resolve("rec");
        Run r = Cli.run(
                "reconstruct",
                "--model",
                runDir.toString(),
                "--points",
                String.valueOf(POINTS),
                "--out",
                out.toString(),
                fighter.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("frame: each input file's own"), r.out());
        float[] rec = read(out.resolve("fighter_recon.ply")), in = read(fighter);
        double cd = ChamferMatrix.distance(rec, in, 3);
        assertEquals(cd, printedChamfer(r.out()), 1e-5 * cd);
        // In the input's frame: centred where the input is and of its size, far from the unit ball.
        NormalizationFrame fIn = Normalization.UNIT_BALL.frameOf(new PointCloud(in));
        NormalizationFrame fRec = Normalization.UNIT_BALL.frameOf(new PointCloud(rec));
        for (int d = 0; d < 3; d++) {
            assertEquals(fIn.centre()[d], fRec.centre()[d], 0.3 / fIn.scale(), "centre coordinate " + d);
        }
        assertEquals(1 / fIn.scale(), 1 / fRec.scale(), 0.5 / fIn.scale(), "size");

        Path outN = dir.resolve("recN");
        Run n = Cli.run(
                "reconstruct",
                "--model",
                runDir.toString(),
                "--points",
                String.valueOf(POINTS),
                "--out",
                outN.toString(),
                "--normalized",
                fighter.toString());
        assertEquals(0, n.code(), n.err());
        assertTrue(n.out().contains("frame: normalized"), n.out());
        float[] recN = read(outN.resolve("fighter_recon.ply"));
        double cdN = ChamferMatrix.distance(
                recN, Normalization.UNIT_BALL.apply(new PointCloud(in)).xyz(), 3);
        assertEquals(cdN, printedChamfer(n.out()), 1e-5 * cdN);
        assertTrue(
                Normalization.UNIT_BALL.frameOf(new PointCloud(recN)).scale() > 0.5,
                "normalized output fits about the unit ball");
        // Chamfer is a mean of squared distances: the two frames differ by the square of the input's size.
        double size = 1 / fIn.scale();
        assertEquals(cd, cdN * size * size, 1e-3 * cd);
    }

    @Test
    void interpolationMovesFromTheFirstInputsFrameToTheSeconds() throws IOException {
        Path out = dir.resolve("interp");
        Run r = Cli.run(
                "interpolate",
                "--model",
                runDir.toString(),
                "--points",
                String.valueOf(POINTS),
                "--steps",
                "3",
                "--out",
                out.toString(),
                fighter.toString(),
                glider.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("the first input's at step 0"), r.out());
        NormalizationFrame a = Normalization.UNIT_BALL.frameOf(new PointCloud(read(fighter)));
        NormalizationFrame b = Normalization.UNIT_BALL.frameOf(new PointCloud(read(glider)));
        NormalizationFrame first = Normalization.UNIT_BALL.frameOf(new PointCloud(read(out.resolve("step_00.ply"))));
        NormalizationFrame last = Normalization.UNIT_BALL.frameOf(new PointCloud(read(out.resolve("step_02.ply"))));
        for (int d = 0; d < 3; d++) {
            assertEquals(a.centre()[d], first.centre()[d], 0.3 / a.scale(), "step 0, centre " + d);
            assertEquals(b.centre()[d], last.centre()[d], 0.3 / b.scale(), "last step, centre " + d);
        }
        Run n = Cli.run(
                "interpolate",
                "--model",
                runDir.toString(),
                "--points",
                String.valueOf(POINTS),
                "--steps",
                "2",
                "--normalized",
                "--out",
                dir.resolve("interpN").toString(),
                fighter.toString(),
                glider.toString());
        assertEquals(0, n.code(), n.err());
        float[] step0 = read(dir.resolve("interpN/step_00.ply"));
        NormalizationFrame nf = Normalization.UNIT_BALL.frameOf(new PointCloud(step0));
        assertTrue(nf.scale() > 0.5 && Math.abs(nf.centre()[0]) < 0.5, "normalized frame: " + nf);
    }

    @Test
    void samplesSayTheyAreNormalizedAndCommandsUseTheRunsAxes() throws IOException {
        assertEquals(
                "forward=-x",
                Files.readAllLines(runDir.resolve("axes.properties")).get(1));
        Run s = Cli.run(
                "sample",
                "--model",
                runDir.toString(),
                "--count",
                "2",
                "--points",
                "64",
                "--out",
                dir.resolve("s").toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("normalized frame"), s.out());
        assertTrue(s.out().contains("drawn with forward -x, up +y"), "the run's convention: " + s.out());
        Run own = Cli.run(
                "sample",
                "--model",
                runDir.toString(),
                "--count",
                "1",
                "--points",
                "64",
                "--out",
                dir.resolve("s2").toString(),
                "--forward",
                "-z");
        assertEquals(0, own.code(), own.err());
        assertTrue(own.out().contains("drawn with forward -z, up +y"), "--forward overrides the run's: " + own.out());
        Run bad = Cli.run(
                "sample",
                "--model",
                runDir.toString(),
                "--out",
                dir.resolve("s3").toString(),
                "--up",
                "-x");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("same axis"), bad.err());
    }
}
