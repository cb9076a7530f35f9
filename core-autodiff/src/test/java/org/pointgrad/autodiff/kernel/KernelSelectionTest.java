package org.pointgrad.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Checks that {@link Kernels} picks the Vector API kernel exactly when the module is resolved. The build runs the
 * kernel tests twice, with and without {@code --add-modules jdk.incubator.vector}, and passes the expectation in
 * {@code -Dpointgrad.test.expectVector}.
 */
class KernelSelectionTest {

    @Test
    void vectorModulePresenceMatchesTheBuildExecution() {
        String expect = System.getProperty("pointgrad.test.expectVector");
        Assumptions.assumeTrue(expect != null, "run through Maven to know which JVM flags were used");
        assertEquals(Boolean.parseBoolean(expect), Kernels.vectorApiAvailable());
    }

    @Test
    void automaticChoiceFollowsModulePresence() {
        Assumptions.assumeTrue(System.getProperty("pointgrad.kernel", "auto").equals("auto"));
        String expected = Kernels.vectorApiAvailable() ? "vector" : "ejml";
        assertEquals(expected, Kernels.matmul().name());
        assertEquals(Kernels.vectorApiAvailable(), Kernels.vectorMatmul().isPresent());
    }

    @Test
    void activeKernelComputesAProduct() {
        // [[1,2],[3,4]] x [[5,6],[7,8]] = [[19,22],[43,50]]
        float[] c = new float[4];
        Kernels.matmul()
                .sgemm(
                        false,
                        false,
                        2,
                        2,
                        2,
                        new float[] {1, 2, 3, 4},
                        0,
                        2,
                        new float[] {5, 6, 7, 8},
                        0,
                        2,
                        c,
                        0,
                        2,
                        false);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {19, 22, 43, 50}, c);
    }
}
