package org.pointgrad.pointcloud.shapes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.render.RenderGrid;
import org.pointgrad.pointcloud.render.Renderings;
import org.pointgrad.pointcloud.render.View;

/**
 * Writes the README pictures: {@code airplanes.png} (three examples of every family, one family per row) and
 * {@code airplane-views.png} (one example per family from every {@link View}).
 * Usage: {@code AirplaneGallery [outputDir=docs] [seed=7] [points=2500]}.
 */
public final class AirplaneGallery {
    private AirplaneGallery() {}

    /** Entry point; see the class comment for arguments. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "docs");
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 7L;
        int points = args.length > 2 ? Integer.parseInt(args[2]) : 2500;
        write(dir, seed, points, 3);
        System.out.println("wrote " + dir.resolve("airplanes.png") + " and " + dir.resolve("airplane-views.png"));
    }

    /** Writes both pictures into {@code dir} with {@code perFamily} examples per family in the first. */
    public static void write(Path dir, long seed, int points, int perFamily) throws IOException {
        AirplaneFamily[] families = AirplaneFamily.values();
        RenderGrid grid = new RenderGrid(families.length, perFamily, 240)
                .title("Procedural airplanes (" + points + " points each, seed " + seed + ")");
        List<PointCloud> firsts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (AirplaneFamily f : families) {
            String name = f.name().toLowerCase(Locale.ROOT);
            grid.rowLabel(f.ordinal(), name);
            for (int i = 0; i < perFamily; i++) {
                RandomGenerator rng = new SplittableRandom(seed * 1000 + f.ordinal() * 100L + i);
                Airplane a = Airplanes.generate(f, rng);
                PointCloud c = Airplanes.sampleCloud(a, points, rng);
                grid.put(f.ordinal(), i, c, name + " #" + (i + 1));
                if (i == 0) {
                    firsts.add(c);
                    names.add(name);
                }
            }
        }
        grid.writePng(dir.resolve("airplanes.png"));
        Renderings.writeViewsPng(
                dir.resolve("airplane-views.png"),
                firsts,
                names,
                List.of(View.values()),
                200,
                "One airplane per family from the four fixed views");
    }
}
