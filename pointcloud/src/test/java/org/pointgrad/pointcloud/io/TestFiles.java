package org.pointgrad.pointcloud.io;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Locates the hand-written files under src/test/resources/io. */
final class TestFiles {
    private TestFiles() {}

    static Path resource(String name) {
        try {
            return Path.of(TestFiles.class.getResource("/io/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource io/" + name, e);
        }
    }
}
