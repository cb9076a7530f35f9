package org.pointgrad.pointcloud.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pointgrad.pointcloud.PointCloud;

/** Generation is seeded, normalised to the unit ball, varied within a family, and has each family's layout. */
class AirplanesTest {
    @ParameterizedTest
    @EnumSource(AirplaneFamily.class)
    void sameSeedGivesTheSameAirplaneAndCloud(AirplaneFamily f) {
        SplittableRandom r1 = new SplittableRandom(99), r2 = new SplittableRandom(99);
        Airplane a = Airplanes.generate(f, r1), b = Airplanes.generate(f, r2);
        assertEquals(a.params(), b.params());
        assertEquals(Airplanes.sampleCloud(a, 500, r1), Airplanes.sampleCloud(b, 500, r2));
        Airplane c = Airplanes.generate(f, new SplittableRandom(100));
        assertNotEquals(a.params(), c.params(), "a different seed must give a different airplane");
    }

    @ParameterizedTest
    @EnumSource(AirplaneFamily.class)
    void parametersVaryWithinAFamily(AirplaneFamily f) {
        SplittableRandom rng = new SplittableRandom(5);
        Set<Double> spanRatios = new HashSet<>(), sweeps = new HashSet<>(), radii = new HashSet<>();
        double minRatio = Double.MAX_VALUE, maxRatio = 0;
        for (int i = 0; i < 20; i++) {
            AirplaneParams p = f.sampleParams(rng);
            double ratio = p.wingSpan() / p.fuselageLength();
            spanRatios.add(ratio);
            sweeps.add(p.wingSweepDeg());
            radii.add(p.fuselageRadius() / p.fuselageLength());
            minRatio = Math.min(minRatio, ratio);
            maxRatio = Math.max(maxRatio, ratio);
        }
        assertEquals(20, spanRatios.size());
        assertEquals(20, sweeps.size());
        assertEquals(20, radii.size());
        assertTrue(maxRatio - minRatio > 0.05 * maxRatio, "span/length barely varies: " + minRatio + ".." + maxRatio);
    }

    @ParameterizedTest
    @EnumSource(AirplaneFamily.class)
    void meshAndCloudAreNormalisedToTheUnitBall(AirplaneFamily f) {
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < 5; i++) {
            Airplane a = Airplanes.generate(f, rng);
            float[] v = a.mesh().vertices();
            assertEquals(1.0, MeshChecks.maxRadius(v), 1e-5, f + ": farthest vertex");
            double[][] b = MeshChecks.bounds(v);
            for (int axis = 0; axis < 3; axis++) assertEquals(0, (b[axis][0] + b[axis][1]) / 2, 1e-5);
            PointCloud c = Airplanes.sampleCloud(a, 2000, rng);
            assertEquals(2000, c.size());
            assertTrue(MeshChecks.maxRadius(c.xyz()) <= 1 + 1e-5);
            assertTrue(MeshChecks.signedVolume(a.mesh()) > 0, f + ": parts must be outward-facing");
        }
    }

    /** Extent along each axis: {x (length), y (height), z (span)}. */
    private static double[] extents(Airplane a) {
        double[][] b = MeshChecks.bounds(a.mesh().vertices());
        return new double[] {b[0][1] - b[0][0], b[1][1] - b[1][0], b[2][1] - b[2][0]};
    }

    @Test
    void familiesHaveTheirCharacteristicProportions() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 10; i++) {
            double[] glider = extents(Airplanes.generate(AirplaneFamily.GLIDER, rng));
            assertTrue(glider[2] > 1.8 * glider[0], "glider span should be about twice its length");
            double[] fighter = extents(Airplanes.generate(AirplaneFamily.FIGHTER, rng));
            assertTrue(fighter[2] < 0.8 * fighter[0], "fighter span should be well below its length");
            double[] airliner = extents(Airplanes.generate(AirplaneFamily.AIRLINER, rng));
            assertTrue(airliner[2] > 0.8 * airliner[0] && airliner[2] < 1.1 * airliner[0], "airliner span ~ length");
            double[] prop = extents(Airplanes.generate(AirplaneFamily.PROPELLER, rng));
            assertTrue(prop[2] > prop[0] && prop[2] < 1.5 * prop[0], "light plane span a bit above length");
        }
    }

    @Test
    void familyLayoutsFollowTheirDescription() {
        SplittableRandom rng = new SplittableRandom(8);
        boolean sawTwinFins = false, sawSingleFin = false, sawFourEngines = false, sawTwoEngines = false;
        for (int i = 0; i < 40; i++) {
            AirplaneParams air = AirplaneFamily.AIRLINER.sampleParams(rng);
            assertTrue(air.engineCount() == 2 || air.engineCount() == 4);
            assertTrue(air.wingHeight() < 0 && air.wingSweepDeg() >= 25 && !air.tTail() && air.tailSpan() > 0);
            sawFourEngines |= air.engineCount() == 4;
            sawTwoEngines |= air.engineCount() == 2;
            AirplaneParams fig = AirplaneFamily.FIGHTER.sampleParams(rng);
            assertTrue(fig.wingSweepDeg() >= 45 && fig.wingTaper() < 0.2 && fig.engineCount() == 0);
            assertTrue(fig.tailSpan() < 0.55 * fig.wingSpan(), "fighter tailplane must be small or absent");
            sawTwinFins |= fig.finCount() == 2;
            sawSingleFin |= fig.finCount() == 1;
            AirplaneParams gl = AirplaneFamily.GLIDER.sampleParams(rng);
            assertTrue(gl.tTail() && Math.abs(gl.wingSweepDeg()) <= 2 && gl.wingSpan() / gl.wingRootChord() > 15);
            AirplaneParams pr = AirplaneFamily.PROPELLER.sampleParams(rng);
            assertTrue(pr.propellerRadius() > 0 && pr.propellerBlades() >= 2 && pr.wingSweepDeg() <= 3);
        }
        assertTrue(sawTwinFins && sawSingleFin && sawFourEngines && sawTwoEngines);
    }

    @Test
    void datasetIsBalancedLabelledAndPrefixStable() {
        List<LabelledCloud> d = Airplanes.dataset(10, 256, 42);
        assertEquals(10, d.size());
        int[] counts = new int[AirplaneFamily.values().length];
        for (LabelledCloud c : d) {
            counts[c.label()]++;
            assertEquals(256, c.cloud().size());
            assertEquals(c.family().ordinal(), c.label());
        }
        for (int k : counts) assertTrue(k == 2 || k == 3, "unbalanced: " + Arrays.toString(counts));
        List<LabelledCloud> longer = Airplanes.dataset(14, 256, 42);
        for (int i = 0; i < 10; i++)
            assertEquals(d.get(i).cloud(), longer.get(i).cloud(), "item " + i);
        assertNotEquals(d.get(0).cloud(), Airplanes.dataset(1, 256, 43).get(0).cloud());
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Airplanes.dataset(-1, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> Airplanes.dataset(4, 0, 0));
        Airplane a = Airplanes.generate(AirplaneFamily.GLIDER, new SplittableRandom(1));
        assertThrows(IllegalArgumentException.class, () -> Airplanes.sampleCloud(a, 0, new SplittableRandom(1)));
        AirplaneParams p = a.params();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new AirplaneParams(
                        p.fuselageLength(),
                        p.fuselageRadius(),
                        p.noseLength(),
                        p.noseExponent(),
                        p.noseTipRadius(),
                        p.tailConeLength(),
                        p.tailRadius(),
                        p.tailUpsweep(),
                        p.wingSpan(),
                        p.wingRootChord(),
                        p.wingTaper(),
                        p.wingSweepDeg(),
                        p.wingDihedralDeg(),
                        p.wingPosition(),
                        p.wingHeight(),
                        p.wingThickness(),
                        p.tailSpan(),
                        p.tailChord(),
                        p.tailSweepDeg(),
                        p.tTail(),
                        p.finHeight(),
                        p.finChord(),
                        p.finSweepDeg(),
                        3,
                        p.finCantDeg(),
                        p.engineCount(),
                        p.engineRadius(),
                        p.engineLength(),
                        p.canardSpan(),
                        p.canopyLength(),
                        p.propellerRadius(),
                        p.propellerBlades(),
                        p.fixedGear()));
        assertTrue(e.getMessage().contains("finCount"), e.getMessage());
    }
}
