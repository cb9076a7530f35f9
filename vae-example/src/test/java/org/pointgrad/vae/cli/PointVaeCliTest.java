package org.pointgrad.vae.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pointgrad.vae.cli.Cli.Run;
import org.pointgrad.vae.model.VaeConfig;
import org.pointgrad.vae.train.RunCheckpoint;
import org.pointgrad.vae.train.RunLock;

/** The command line as a user runs it: exit codes, messages, and the files each command writes. */
class PointVaeCliTest {
    private static Run run(String... args) {
        return Cli.run(args);
    }

    private static String[] plus(String[] args, String more) {
        String[] out = Arrays.copyOf(args, args.length + 1);
        out[args.length] = more;
        return out;
    }

    @Test
    void badUsageExitsWith2() {
        Run r = run("train", "--no-such-option");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--no-such-option"), r.err());
        assertEquals(2, run("train", "--kl-schedule", "warp", "--epochs", "1").code());
        Run lr = run("train", "--lr-schedule", "cosine:2", "--epochs", "1");
        assertEquals(2, lr.code(), lr.err());
        assertTrue(lr.err().contains("cosine:2"), lr.err());
    }

    @Test
    void missingOrBrokenInputIsOneLineNamingTheFile(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("broken.ply");
        Files.writeString(bad, "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nend_header\n1\n");
        Run r = run("chamfer", bad.toString(), bad.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("broken.ply"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        Run missing = run("sample", "--model", dir.resolve("nope").toString(), "--out", dir.toString());
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("nope"), missing.err());
    }

    @Test
    void airplanesChamferAndRender(@TempDir Path dir) throws Exception {
        Run a = run(
                "airplanes",
                "--count",
                "4",
                "--out",
                dir.resolve("planes").toString(),
                "--format",
                "npy",
                "--points",
                "300");
        assertEquals(0, a.code(), a.err());
        Path f1 = dir.resolve("planes/airliner/airliner_0000.npy"), f2 = dir.resolve("planes/glider/glider_0002.npy");
        assertTrue(Files.exists(f1) && Files.exists(f2));
        Run same = run("chamfer", f1.toString(), f1.toString());
        assertEquals(0, same.code(), same.err());
        assertEquals(0.0, Double.parseDouble(same.out().strip()), 1e-12);
        Run diff = run("chamfer", f1.toString(), f2.toString());
        assertTrue(Double.parseDouble(diff.out().strip()) > 1e-3, diff.out());
        Run render = run(
                "render",
                f1.toString(),
                f2.toString(),
                "--out",
                dir.resolve("r.png").toString());
        assertEquals(0, render.code(), render.err());
        assertTrue(Files.size(dir.resolve("r.png")) > 1000);
    }

    @Test
    void aRunFolderIsProtectedAndResumeRestoresTheRunsOptions(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("run");
        TinyRun.train(runDir);
        String props = Files.readString(runDir.resolve("run.properties"));
        byte[] model = Files.readAllBytes(runDir.resolve("model.safetensors"));

        Run again = run("train", "--epochs", "1", "--out", runDir.toString(), "--no-progress");
        assertEquals(2, again.code(), again.out());
        assertTrue(
                again.err().contains("holds a run")
                        && again.err().contains("--resume")
                        && again.err().contains("--overwrite"),
                again.err());
        Run changed = run("train", "--resume", "--epochs", "2", "--out", runDir.toString(), "--no-progress");
        assertEquals(2, changed.code(), changed.out());
        assertTrue(changed.err().contains("--epochs 2 differs from the run's --epochs 1"), changed.err());
        Run inf = run("train", "--lr", "Infinity", "--out", dir.resolve("other").toString());
        assertEquals(2, inf.code(), inf.out());
        assertTrue(inf.err().contains("--lr: learning rate must be a finite number > 0, got Infinity"), inf.err());

        // No options but --resume (and --threads, which may change): the run's own data and settings, nothing left to
        // train.
        Run r = run("train", "--resume", "--threads", "1", "--out", runDir.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("16 train"), "the run's 20 shapes, 4 held out: " + r.out());
        assertEquals(props, Files.readString(runDir.resolve("run.properties")));
        assertArrayEquals(model, Files.readAllBytes(runDir.resolve("model.safetensors")));

        Files.writeString(runDir.resolve("notes.txt"), "mine");
        Run over = run(plus(TinyRun.args(runDir, "--shapes", "12", "--points", "128"), "--overwrite"));
        assertEquals(0, over.code(), over.err() + over.out());
        assertTrue(over.out().contains("--overwrite: removed"), over.out());
        assertTrue(Files.exists(runDir.resolve("notes.txt")), "files that are not the run's stay");
        assertTrue(Files.readString(runDir.resolve("run.properties")).contains("shapes=12"));

        // Without the options it was started with, a run cannot be resumed exactly: refused, saying why.
        Files.delete(runDir.resolve(RunOptions.FILE));
        Run noOptions = run("train", "--resume", "--out", runDir.toString(), "--no-progress");
        assertEquals(2, noOptions.code(), noOptions.out());
        assertTrue(
                noOptions.err().contains("no " + RunOptions.FILE)
                        && noOptions.err().contains("--overwrite"),
                noOptions.err());
        assertEquals(1, noOptions.err().strip().lines().count(), noOptions.err());

        // Commands that write into the run wait for nobody: a run held by another command is refused, naming it.
        try (var lock = RunLock.acquire(runDir, "train")) {
            for (String[] cmd : new String[][] {
                {"eval", "--model", runDir.toString(), "--shapes", "4"},
                {"fit-prior", "--model", runDir.toString(), "--components", "2"}
            }) {
                Run locked = run(cmd);
                assertNotEquals(0, locked.code(), cmd[0] + ": " + locked.out());
                assertTrue(
                        locked.err().contains("pointvae train")
                                && locked.err().lines().count() == 1,
                        cmd[0] + ": " + locked.err());
            }
        }
        assertEquals(
                0,
                run("fit-prior", "--model", runDir.toString(), "--components", "2")
                        .code(),
                "free again");
    }

    @Test
    void atlasNetArchTrainsAndItsCheckpointIsRebuiltOnLoad(@TempDir Path dir) throws Exception {
        Run bad = run("train", "--arch", "atlas", "--epochs", "1");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("--arch: expected reference or atlasnet, got 'atlas'"), bad.err());
        Run unequal = run("train", "--arch", "atlasnet", "--latent", "16", "--hidden", "32", "--epochs", "1");
        assertEquals(2, unequal.code(), unequal.err());
        assertTrue(unequal.err().contains("must be equal"), unequal.err());
        Path runDir = dir.resolve("atlas");
        Run t = run(
                "train",
                "--arch",
                "atlasnet",
                "--hidden",
                "16",
                "--patches",
                "2",
                "--shapes",
                "12",
                "--points",
                "256",
                "--epochs",
                "1",
                "--batch",
                "4",
                "--eval-shapes",
                "4",
                "--out",
                runDir.toString(),
                "--no-progress");
        assertEquals(0, t.code(), t.err() + t.out());
        var model = RunCheckpoint.loadModel(runDir);
        assertEquals(VaeConfig.Arch.ATLASNET, model.config().arch());
        assertTrue(model.namedBuffers().containsKey("decoder.1.bn3.running_var"));
        Run planes = run("airplanes", "--count", "1", "--out", dir.resolve("p").toString(), "--format", "ply");
        assertEquals(0, planes.code(), planes.err());
        Run rec = run(
                "reconstruct",
                "--model",
                runDir.toString(),
                "--points",
                "256",
                "--out",
                dir.resolve("rec").toString(),
                dir.resolve("p/airliner/airliner_0000.ply").toString());
        assertEquals(0, rec.code(), rec.err());
    }

    @Test
    void trainThenUseTheModel(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("run");
        Run t = TinyRun.train(runDir, "--epochs", "2");
        for (String f : new String[] {
            "model.safetensors",
            "checkpoint-000002.safetensors",
            "metrics.csv",
            "loss.png",
            "kl_per_dim.png",
            "reconstructions.png",
            "samples_standard.png",
            "interpolation.png",
            "report.html",
            "eval.json"
        }) {
            assertTrue(Files.exists(runDir.resolve(f)), "missing " + f);
        }
        assertTrue(t.out().contains("specificity"), t.out());
        assertTrue(t.out().contains("(cosine:0.05:0.6)"), "default lr schedule: " + t.out());
        Run planes = run("airplanes", "--count", "2", "--out", dir.resolve("p").toString(), "--format", "ply");
        assertEquals(0, planes.code(), planes.err());
        Path a = dir.resolve("p/airliner/airliner_0000.ply"), b = dir.resolve("p/fighter/fighter_0001.ply");
        Run rec = run(
                "reconstruct",
                "--model",
                runDir.toString(),
                "--points",
                "256",
                "--out",
                dir.resolve("rec").toString(),
                a.toString());
        assertEquals(0, rec.code(), rec.err());
        assertTrue(Files.exists(dir.resolve("rec/airliner_0000_recon.ply")));
        Run s = run(
                "sample",
                "--model",
                runDir.toString(),
                "--count",
                "3",
                "--points",
                "256",
                "--out",
                dir.resolve("s").toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(Files.exists(dir.resolve("s/sample_003.ply")));
        Run i = run(
                "interpolate",
                "--model",
                runDir.toString(),
                "--steps",
                "3",
                "--points",
                "256",
                "--out",
                dir.resolve("i").toString(),
                a.toString(),
                b.toString());
        assertEquals(0, i.code(), i.err());
        assertTrue(Files.exists(dir.resolve("i/interpolation.png")));
        Run e = run("eval", "--model", runDir.toString(), "--shapes", "4");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("1-NNA"), e.out());
        assertTrue(e.out().contains("reference: reconstructions of training shapes"), e.out());
        assertTrue(Files.readString(runDir.resolve("eval.json")).contains("\"reference_training_reconstructions\""));
        Run dense = run(
                "eval",
                "--model",
                runDir.toString(),
                "--shapes",
                "4",
                "--points",
                "384",
                "--out",
                dir.resolve("dense").toString());
        assertEquals(0, dense.code(), dense.err());
        assertTrue(dense.out().contains("shapes of 384 points"), dense.out());
        assertTrue(Files.readString(dir.resolve("dense/eval.json")).contains("\"points\": 384"));
        Run d = run("diagnose", "--model", runDir.toString(), "--shapes", "4");
        assertEquals(0, d.code(), d.err());
        assertTrue(d.out().contains("encoder.logvar.weight"), d.out());
        assertTrue(d.out().contains("sampling off"), d.out());
    }

    @Test
    void sweepWritesTheCurveAndSkipsFinishedSettingsWhenRunAgain(@TempDir Path dir) throws Exception {
        String[] args = {
            "sweep",
            "--betas",
            "1e-3,1e-2",
            "--epochs-each",
            "1",
            "--shapes",
            "20",
            "--points",
            "128",
            "--latent",
            "4",
            "--eval-shapes",
            "4",
            "--out",
            dir.toString()
        };
        Run first = run(args);
        assertEquals(0, first.code(), first.err() + first.out());
        assertTrue(Files.exists(dir.resolve("rd_curve.png")));
        assertTrue(Files.exists(dir.resolve("sweep.html")));
        assertTrue(
                Files.exists(dir.resolve("beta_1e-3/sweep.done")) && Files.exists(dir.resolve("beta_1e-2/sweep.done")));
        assertTrue(Files.readString(dir.resolve("sweep.html")).contains("beta_1e-2/reconstructions.png"));
        Run again = run(args);
        assertEquals(0, again.code(), again.err());
        assertEquals(
                2, again.out().lines().filter(l -> l.contains("already done")).count(), again.out());
    }
}
