package org.pointgrad.pointcloud.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

/** Prints a collection's ids (hex of the UTF-8 bytes, so the output is locale-free), labels and sides. */
public final class CollectionListing {
    private CollectionListing() {}

    public static void main(String[] args) throws Exception {
        ShapeCollection c = ShapeCollection.scan(Path.of(args[0]), null, 0.5, 11);
        for (CollectionEntry e : c.entries()) {
            System.out.println(HexFormat.of().formatHex(e.id().getBytes(StandardCharsets.UTF_8)) + " "
                    + HexFormat.of().formatHex(e.label().getBytes(StandardCharsets.UTF_8)) + " " + e.heldOut());
        }
    }
}
