package org.pointgrad.pointcloud.data;

import java.nio.file.Path;

/**
 * A file skipped while loading a folder with {@code skipBadFiles}.
 *
 * @param path    the file
 * @param message why it could not be read (the exception message, with position)
 */
public record BadFile(Path path, String message) {}
