package org.pointgrad.vae.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.metrics.ChamferMatrix;
import org.pointgrad.pointcloud.render.Renderings;
import org.pointgrad.pointcloud.render.View;
import org.pointgrad.pointcloud.transform.AxisConvention;
import org.pointgrad.vae.model.PointCloudVae;
import org.pointgrad.vae.report.OutputFiles;
import org.pointgrad.vae.train.RunCheckpoint;
import org.pointgrad.vae.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pointvae reconstruct}: encodes and decodes shape files with a trained model. */
@Command(
        name = "reconstruct",
        mixinStandardHelpOptions = true,
        description = "Reconstruct shape files (z = mu); writes PLY files in each input's own frame (--normalized: the "
                + "unit-ball frame the model works in) and reconstructions.png.")
public final class ReconstructCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    AxesOptions axes;

    @Option(names = "--model", required = true, description = "Run folder written by `pointvae train`.")
    Path model;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--points", defaultValue = "1024", description = "Points per cloud (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(
            names = "--normalized",
            description = "Write the PLY files in the normalized frame (bounding-box centre at "
                    + "the origin, unit ball) instead of the input file's frame.")
    boolean normalized;

    @Parameters(arity = "1..*", description = "Shape files (PLY, OBJ, OFF, XYZ/PTS, NPY).")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        common.apply();
        CliSupport.checkOutputFolder(out);
        AxisConvention pictureAxes = axes.forRun(model);
        PointCloudVae vae = RunCheckpoint.loadModel(model);
        List<CliSupport.Shape> inputs = new ArrayList<>();
        for (Path f : files) inputs.add(CliSupport.loadShape(f, points, common.seed));
        CliSupport.outputFolder(out);
        float[] packed = new float[inputs.size() * points * 3];
        for (int i = 0; i < inputs.size(); i++)
            System.arraycopy(inputs.get(i).cloud().xyz(), 0, packed, i * points * 3, points * 3);
        List<PointCloud> recs =
                TrainingData.unpack(vae.reconstruct(Tensor.wrap(packed, inputs.size(), points, 3), points));
        List<PointCloud> inputClouds = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        System.out.println("frame: "
                + (normalized
                        ? "normalized (bounding-box centre at the origin, unit ball)"
                        : "each input file's own (centre and scale restored; --normalized for the unit ball)"));
        for (int i = 0; i < inputs.size(); i++) {
            CliSupport.Shape in = inputs.get(i);
            Path target = out.resolve(CliSupport.baseName(in.source()) + "_recon.ply");
            PointCloud written = normalized ? recs.get(i) : in.frame().toOriginal(recs.get(i));
            OutputFiles.writePly(target, written);
            // Scored in the frame written, so the figure is what a viewer overlaying the two files would measure.
            double cd = ChamferMatrix.distance(written.xyz(), (normalized ? in.cloud() : in.original()).xyz(), 3);
            System.out.printf(Locale.ROOT, "%s -> %s  Chamfer %.6g%n", in.source(), target, cd);
            inputClouds.add(in.cloud());
            captions.add(CliSupport.baseName(in.source()));
        }
        Path png = out.resolve("reconstructions.png");
        Renderings.pairsGrid(
                        inputClouds,
                        recs,
                        captions,
                        Math.min(6, inputs.size()),
                        View.THREE_QUARTER,
                        220,
                        "Inputs (blue) and reconstructions (red)")
                .axes(pictureAxes)
                .writePng(png);
        System.out.println("wrote " + png + " (drawn with " + pictureAxes.describe() + ")");
        return 0;
    }
}
