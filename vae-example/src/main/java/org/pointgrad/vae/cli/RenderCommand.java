package org.pointgrad.vae.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.render.Renderings;
import org.pointgrad.pointcloud.render.View;
import org.pointgrad.pointcloud.transform.AxisConvention;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pointvae render}: draws shape files into one PNG. */
@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        description = "Render shape files (normalized to the unit ball) into one PNG grid.")
public final class RenderCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    AxesOptions axes;

    @Option(names = "--out", required = true, description = "PNG file to write.")
    Path out;

    @Option(names = "--points", defaultValue = "2048", description = "Points per cloud (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--columns", defaultValue = "4", description = "Grid columns (default: ${DEFAULT-VALUE}).")
    int columns;

    @Option(
            names = "--view",
            defaultValue = "THREE_QUARTER",
            description = "THREE_QUARTER, TOP, SIDE or FRONT (default: ${DEFAULT-VALUE}).")
    View view;

    @Parameters(arity = "1..*", description = "Shape files.")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        common.apply();
        CliSupport.outputFile(out);
        List<PointCloud> clouds = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (Path f : files) {
            clouds.add(CliSupport.loadCloud(f, points, common.seed));
            captions.add(f.getFileName().toString());
        }
        AxisConvention a = axes.resolve(AxisConvention.POINTGRAD);
        Renderings.grid(clouds, captions, columns, view, 256, null).axes(a).writePng(out);
        System.out.println("wrote " + out + " (" + a.describe() + ")");
        return 0;
    }
}
