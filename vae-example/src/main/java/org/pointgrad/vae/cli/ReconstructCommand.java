package org.pointgrad.vae.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pointgrad.autodiff.Tensor;
import org.pointgrad.pointcloud.PointCloud;
import org.pointgrad.pointcloud.io.ShapeFiles;
import org.pointgrad.pointcloud.io.ShapeFormat;
import org.pointgrad.pointcloud.metrics.ChamferMatrix;
import org.pointgrad.pointcloud.render.Renderings;
import org.pointgrad.pointcloud.render.View;
import org.pointgrad.vae.model.PointCloudVae;
import org.pointgrad.vae.train.RunCheckpoint;
import org.pointgrad.vae.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pointvae reconstruct}: encodes and decodes shape files with a trained model. */
@Command(name = "reconstruct", mixinStandardHelpOptions = true, description = "Reconstruct shape files (z = mu); writes PLY files and reconstructions.png.")
public final class ReconstructCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Option(names = "--model", required = true, description = "Run folder written by `pointvae train`.") Path model;
    @Option(names = "--out", required = true, description = "Output folder.") Path out;
    @Option(names = "--points", defaultValue = "1024", description = "Points per cloud (default: ${DEFAULT-VALUE}).") int points;
    @Parameters(arity = "1..*", description = "Shape files (PLY, OBJ, OFF, XYZ/PTS, NPY).") List<Path> files;

    @Override
    public Integer call() throws IOException {
        common.apply();
        PointCloudVae vae = RunCheckpoint.loadModel(model);
        List<PointCloud> inputs = new ArrayList<>();
        for (Path f : files) inputs.add(CliSupport.loadCloud(f, points, common.seed));
        Files.createDirectories(out);
        float[] packed = new float[inputs.size() * points * 3];
        for (int i = 0; i < inputs.size(); i++) System.arraycopy(inputs.get(i).xyz(), 0, packed, i * points * 3, points * 3);
        List<PointCloud> recs = TrainingData.unpack(vae.reconstruct(Tensor.wrap(packed, inputs.size(), points, 3), points));
        List<String> captions = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path target = out.resolve(CliSupport.baseName(files.get(i)) + "_recon.ply");
            ShapeFiles.write(target, recs.get(i), ShapeFormat.PLY);
            double cd = ChamferMatrix.distance(recs.get(i).xyz(), inputs.get(i).xyz(), 3);
            System.out.printf(Locale.ROOT, "%s -> %s  Chamfer %.5f%n", files.get(i), target, cd);
            captions.add(CliSupport.baseName(files.get(i)));
        }
        Renderings.writePairsPng(out.resolve("reconstructions.png"), inputs, recs, captions, Math.min(6, inputs.size()),
                View.THREE_QUARTER, 220, "Inputs (blue) and reconstructions (red)");
        System.out.println("wrote " + out.resolve("reconstructions.png"));
        return 0;
    }
}
