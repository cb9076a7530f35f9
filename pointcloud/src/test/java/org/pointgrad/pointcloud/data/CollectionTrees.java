package org.pointgrad.pointcloud.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pointgrad.pointcloud.Mesh;
import org.pointgrad.pointcloud.io.ShapeFiles;
import org.pointgrad.pointcloud.io.ShapeFormat;
import org.pointgrad.pointcloud.shapes.Primitives;

/** Small collection trees laid out as ShapeNetCore v1/v2, ModelNet and a plain folder are distributed. */
final class CollectionTrees {
    static final String AIRPLANE = "02691156", CHAIR = "03001627";

    private CollectionTrees() {}

    /** A box whose proportions depend on {@code i}, so shapes differ. */
    static Mesh box(int i) {
        return Primitives.box(1 + 0.3 * (i % 5), 0.5 + 0.1 * (i % 3), 0.2 + 0.05 * i);
    }

    /** ShapeNetCore v1: {@code <synset>/<id>/model.obj} with its .mtl and a texture, plus taxonomy.json. */
    static Path shapeNetV1(Path root) throws IOException {
        for (int i = 0; i < 3; i++) model(root.resolve(AIRPLANE).resolve("a" + i), "model.obj", i);
        for (int i = 0; i < 2; i++) model(root.resolve(CHAIR).resolve("c" + i), "model.obj", 10 + i);
        Files.createDirectories(root.resolve(CHAIR).resolve("empty"));
        Files.writeString(
                root.resolve(ShapeCollection.TAXONOMY),
                """
                [{"synsetId": "02691156", "name": "airplane,aeroplane,plane", "children": ["02690373"],
                        "numInstances": 4045},
                 {"name": "chair", "synsetId": "03001627", "children": [], "numInstances": 6778}]
                """,
                StandardCharsets.UTF_8);
        return root;
    }

    /** ShapeNetCore v2: {@code <synset>/<id>/models/model_normalized.obj} and its .mtl/.json; no taxonomy. */
    static Path shapeNetV2(Path root) throws IOException {
        for (int i = 0; i < 3; i++) {
            Path m = root.resolve(AIRPLANE).resolve("b" + i);
            model(m.resolve("models"), "model_normalized.obj", i);
            Files.writeString(m.resolve("models/model_normalized.json"), "{\"id\": \"b" + i + "\"}");
        }
        return root;
    }

    /** ModelNet: {@code <class>/{train,test}/*.off}, a README and one stray file outside train/test. */
    static Path modelNet(Path root) throws IOException {
        int k = 0;
        for (String cls : new String[] {"bed", "chair"}) {
            for (String split : new String[] {"train", "test"}) {
                Path dir = Files.createDirectories(root.resolve(cls).resolve(split));
                for (int i = 0; i < 2; i++)
                    ShapeFiles.write(dir.resolve(cls + "_000" + (k++) + ".off"), box(k), ShapeFormat.OFF);
            }
        }
        ShapeFiles.write(root.resolve("chair/stray.off"), box(20), ShapeFormat.OFF);
        Files.writeString(root.resolve("README.txt"), "ModelNet-like tree");
        return root;
    }

    private static void model(Path dir, String name, int i) throws IOException {
        Files.createDirectories(dir);
        Path obj = dir.resolve(name);
        ShapeFiles.write(obj, box(i), ShapeFormat.OBJ);
        String base = name.substring(0, name.length() - 4);
        // The OBJ as ShapeNet ships it: a material library, a material and texture coordinates, all ignored.
        String body = Files.readString(obj, StandardCharsets.UTF_8);
        Files.writeString(obj, "mtllib " + base + ".mtl\nusemtl m0\nvt 0 0\n" + body, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(base + ".mtl"), "newmtl m0\nKd 1 0 0\nmap_Kd ../images/texture0.jpg\n");
        Files.createDirectories(dir.resolve("images"));
        Files.write(dir.resolve("images/texture0.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
    }
}
