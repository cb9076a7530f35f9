package org.pointgrad.pointcloud.data;

import java.util.Locale;

/** How a collection of shape files is organized on disk, which decides its labels and its train/held-out split. */
public enum CollectionLayout {
    /**
     * ShapeNetCore: {@code <synset>/<model_id>/model.obj} (v1) or
     * {@code <synset>/<model_id>/models/model_normalized.obj}
     * (v2); the label is the synset's first name in {@code taxonomy.json} when present, else the synset id.
     */
    SHAPENET,
    /** ModelNet10/40: {@code <class>/train/*.off} and {@code <class>/test/*.off}; its own split is kept. */
    MODELNET,
    /** Any folder: every shape file below it; the label is the top-level sub-folder (none for files at the root). */
    FOLDER;

    /** Parses {@code shapenet}, {@code modelnet} or {@code folder} (any case). */
    public static CollectionLayout parse(String s) {
        for (CollectionLayout l : values()) if (l.name().equalsIgnoreCase(s.trim())) return l;
        throw new IllegalArgumentException("unknown layout '" + s + "'; expected shapenet, modelnet or folder");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
