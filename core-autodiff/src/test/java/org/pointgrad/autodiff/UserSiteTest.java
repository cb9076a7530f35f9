package org.pointgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UserSiteTest {

    private static StackTraceElement frame(String cls, String file, int line) {
        return new StackTraceElement(cls, "m", file, line);
    }

    @Test
    void skipsTheJdkAndEveryLibraryPackage() {
        StackTraceElement[] trace = {
            frame("org.pointgrad.autodiff.Autograd", "Autograd.java", 1),
            frame("org.pointgrad.autodiff.LinearReluMaxOp", "LinearReluMaxOp.java", 2),
            frame("org.pointgrad.pointcloud.chamfer.ChamferDistance", "ChamferDistance.java", 3),
            frame("org.pointgrad.nn.layers.Linear", "Linear.java", 4),
            frame("java.util.stream.ReferencePipeline", "ReferencePipeline.java", 5),
            frame("com.example.Train", "Train.java", 42),
            frame("org.pointgrad.vae.Main", "Main.java", 7),
        };
        assertEquals("com.example.Train.m(Train.java:42)", Autograd.userSite(trace));
    }

    @Test
    void theLibrarysOwnTestsAreUserCode() {
        StackTraceElement[] trace = {
            frame("org.pointgrad.autodiff.Tensor", "Tensor.java", 1),
            frame(UserSiteTest.class.getName(), "UserSiteTest.java", 9),
        };
        assertEquals(UserSiteTest.class.getName() + ".m(UserSiteTest.java:9)", Autograd.userSite(trace));
    }
}
