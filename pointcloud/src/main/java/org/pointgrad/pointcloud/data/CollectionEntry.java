package org.pointgrad.pointcloud.data;

import java.nio.file.Path;

/**
 * One shape of a collection.
 *
 * @param id      the shape's name: the file's relative path with '/' separators, or {@code <synset>/<model_id>}
 *                for ShapeNet; decoded from the path's bytes as UTF-8, so it is the same in every locale
 * @param file    the shape file
 * @param label   the class label, or null
 * @param heldOut true on the held-out side of the split
 */
public record CollectionEntry(String id, Path file, String label, boolean heldOut) {}
