package org.pointgrad.vae.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The small files of a run folder a resume or a sweep relies on: read strictly, a damaged one named. */
class RunFilesTest {
    @TempDir
    Path dir;

    private static TrainCommand parsed(String... args) {
        TrainCommand c = new TrainCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    @Test
    void optionsRoundTripAndAResumeTakesThemAll() throws IOException {
        TrainCommand started =
                parsed("--lr", "1e-3", "--ae", "--epochs", "7", "--seed", "9", "--shapes", "30", "--threads", "2");
        RunOptions.save(dir, started.spec, TrainCommand.NOT_STORED);
        Map<String, String> stored = RunOptions.read(dir.resolve(RunOptions.FILE));
        assertEquals("0.001", stored.get("--lr"));
        assertEquals("true", stored.get("--ae"));
        assertTrue(!stored.containsKey("--threads"), "may change, not stored");

        TrainCommand resumed = parsed("--resume", "--threads", "1");
        RunOptions.restore(dir, resumed.spec, TrainCommand.MAY_CHANGE_ON_RESUME, TrainCommand.NOT_STORED);
        assertEquals(1e-3, resumed.lr);
        assertTrue(resumed.ae);
        assertEquals(7, resumed.epochs);
        assertEquals(9, resumed.common.seed);
        assertEquals(30, resumed.dataOptions.shapes);
        assertEquals(Integer.valueOf(1), resumed.common.threads);

        TrainCommand same = parsed("--resume", "--lr", "0.001");
        RunOptions.restore(dir, same.spec, TrainCommand.MAY_CHANGE_ON_RESUME, TrainCommand.NOT_STORED);
        TrainCommand differs = parsed("--resume", "--seed", "1");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> RunOptions.restore(
                        dir, differs.spec, TrainCommand.MAY_CHANGE_ON_RESUME, TrainCommand.NOT_STORED));
        assertTrue(e.getMessage().startsWith("--seed 1 differs from the run's --seed 9"), e.getMessage());
    }

    @Test
    void aDamagedOptionsFileIsNamed() throws IOException {
        RunOptions.save(dir, parsed("--lr", "1e-3").spec, Set.of());
        Path f = dir.resolve(RunOptions.FILE);
        Files.writeString(f, Files.readString(f).replace("--lr=0.001", "--lr=0.009"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunOptions.read(f));
        assertTrue(e.getMessage().startsWith(f + ": checksum") && e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void sweepDoneIsReadStrictly() throws IOException {
        Path done = dir.resolve("sweep.done");
        Files.writeString(done, 1.25 + "," + 0.0625 + "\n");
        assertArrayEquals(new double[] {1.25, 0.0625}, SweepCommand.readDone(done));
        for (String bad : new String[] {
            "", "\n", "garbage\n", "1.25\n", "1.25,0.0625", "1.25,NaN\n", "1.25,0.0625,3.0\n", "1.25, 0.0625\n"
        }) {
            Files.writeString(done, bad);
            IOException e = assertThrows(IOException.class, () -> SweepCommand.readDone(done), bad);
            assertTrue(
                    e.getMessage().startsWith(done + ": damaged marker")
                            && !e.getMessage().contains("\n"),
                    e.getMessage());
        }
    }
}
