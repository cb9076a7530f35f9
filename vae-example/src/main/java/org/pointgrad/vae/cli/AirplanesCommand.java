package org.pointgrad.vae.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.pointgrad.pointcloud.io.ShapeFiles;
import org.pointgrad.pointcloud.io.ShapeFormat;
import org.pointgrad.pointcloud.shapes.Airplane;
import org.pointgrad.pointcloud.shapes.AirplaneFamily;
import org.pointgrad.pointcloud.shapes.Airplanes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pointvae airplanes}: writes the procedural airplane data set, one folder per family. */
@Command(
        name = "airplanes",
        mixinStandardHelpOptions = true,
        description = "Write procedural airplanes (meshes for ply/obj, sampled clouds for npy) into OUT/<family>/.")
public final class AirplanesCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(
            names = "--count",
            defaultValue = "40",
            description = "Number of airplanes, balanced over families (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--format", defaultValue = "ply", description = "ply, obj or npy (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(
            names = "--points",
            defaultValue = "2048",
            description = "Points per cloud for npy (default: ${DEFAULT-VALUE}).")
    int points;

    @Override
    public Integer call() throws IOException {
        common.apply();
        if (count < 1) throw new IllegalArgumentException("--count must be >= 1, got " + count);
        ShapeFormat f =
                switch (format.toLowerCase(Locale.ROOT)) {
                    case "ply" -> ShapeFormat.PLY;
                    case "obj" -> ShapeFormat.OBJ;
                    case "npy" -> ShapeFormat.NPY;
                    default -> throw new IllegalArgumentException(
                            "--format: expected ply, obj or npy, got '" + format + "'");
                };
        CliSupport.outputFolder(out);
        AirplaneFamily[] families = AirplaneFamily.values();
        for (int i = 0; i < count; i++) {
            SplittableRandom rng = new SplittableRandom(common.seed * 1_000_003L + i);
            AirplaneFamily fam = families[i % families.length];
            Airplane a = Airplanes.generate(fam, rng);
            Path dir = out.resolve(fam.name().toLowerCase(Locale.ROOT));
            Files.createDirectories(dir);
            Path file = dir.resolve(String.format(
                    Locale.ROOT,
                    "%s_%04d.%s",
                    fam.name().toLowerCase(Locale.ROOT),
                    i,
                    f.name().toLowerCase(Locale.ROOT)));
            if (f == ShapeFormat.NPY) ShapeFiles.write(file, Airplanes.sampleCloud(a, points, rng), f);
            else ShapeFiles.write(file, a.mesh(), f);
        }
        System.out.println("wrote " + count + " airplanes into " + out);
        return 0;
    }
}
