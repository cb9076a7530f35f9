package org.pointgrad.pointcloud.shapes;

/**
 * The continuous (and a few discrete) design parameters of one procedural airplane, in metres and degrees before
 * unit-ball normalisation. Axes: x points to the nose, y up, z along the right wing.
 *
 * @param fuselageLength   nose tip to tail end
 * @param fuselageRadius   radius of the constant-section part of the fuselage
 * @param noseLength       length of the nose section (fraction of fuselage length)
 * @param noseExponent     nose profile r(t) = R (1 - (1 - t)^2)^e: 0.5 is an ellipse (blunt), 1 is pointed
 * @param noseTipRadius    radius at the very front as a fraction of R (a propeller cowling is not pointed)
 * @param tailConeLength   length of the tapering rear section (fraction of fuselage length)
 * @param tailRadius       radius at the tail end (fraction of R)
 * @param tailUpsweep      how far the tail end's centre rises (fraction of R), as on airliners
 * @param wingSpan         tip to tip
 * @param wingRootChord    chord where the wing meets the fuselage
 * @param wingTaper        tip chord / root chord
 * @param wingSweepDeg     leading-edge sweep
 * @param wingDihedralDeg  upward tilt of each wing
 * @param wingPosition     root leading edge distance from the nose (fraction of fuselage length)
 * @param wingHeight       root height on the fuselage in [-1, 1] (fraction of R): -1 low wing, +1 high wing
 * @param wingThickness    thickness / chord
 * @param tailSpan         horizontal tailplane span tip to tip (0 = none)
 * @param tailChord        tailplane root chord
 * @param tailSweepDeg     tailplane leading-edge sweep
 * @param tTail            whether the tailplane sits on top of the fin
 * @param finHeight        vertical fin height
 * @param finChord         fin root chord
 * @param finSweepDeg      fin leading-edge sweep
 * @param finCount         1 (on the centreline) or 2 (twin fins)
 * @param finCantDeg       outward tilt of twin fins
 * @param engineCount      under-wing engine nacelles (0, 2 or 4)
 * @param engineRadius     nacelle radius
 * @param engineLength     nacelle length
 * @param canardSpan       foreplane span tip to tip (0 = none)
 * @param canopyLength     cockpit canopy bubble length (0 = none)
 * @param propellerRadius  nose propeller radius (0 = none)
 * @param propellerBlades  number of propeller blades
 * @param fixedGear        whether wheels and struts hang below the fuselage
 */
public record AirplaneParams(
        double fuselageLength,
        double fuselageRadius,
        double noseLength,
        double noseExponent,
        double noseTipRadius,
        double tailConeLength,
        double tailRadius,
        double tailUpsweep,
        double wingSpan,
        double wingRootChord,
        double wingTaper,
        double wingSweepDeg,
        double wingDihedralDeg,
        double wingPosition,
        double wingHeight,
        double wingThickness,
        double tailSpan,
        double tailChord,
        double tailSweepDeg,
        boolean tTail,
        double finHeight,
        double finChord,
        double finSweepDeg,
        int finCount,
        double finCantDeg,
        int engineCount,
        double engineRadius,
        double engineLength,
        double canardSpan,
        double canopyLength,
        double propellerRadius,
        int propellerBlades,
        boolean fixedGear) {

    /** Validates ranges so that a hand-written parameter set fails early with the offending field named. */
    public AirplaneParams {
        positive("fuselageLength", fuselageLength);
        positive("fuselageRadius", fuselageRadius);
        fraction("noseLength", noseLength);
        fraction("tailConeLength", tailConeLength);
        if (noseLength + tailConeLength >= 1) {
            throw new IllegalArgumentException("AirplaneParams: noseLength + tailConeLength = "
                    + (noseLength + tailConeLength) + " must be < 1 (fractions of the fuselage length)");
        }
        positive("noseExponent", noseExponent);
        fraction("noseTipRadius", noseTipRadius);
        fraction("tailRadius", tailRadius);
        positive("wingSpan", wingSpan);
        positive("wingRootChord", wingRootChord);
        if (!(wingTaper > 0 && wingTaper <= 1.5)) throw bad("wingTaper", wingTaper, "in (0, 1.5]");
        fraction("wingPosition", wingPosition);
        if (!(wingHeight >= -1 && wingHeight <= 1)) throw bad("wingHeight", wingHeight, "in [-1, 1]");
        positive("wingThickness", wingThickness);
        nonNegative("tailSpan", tailSpan);
        if (tailSpan > 0) positive("tailChord", tailChord);
        positive("finHeight", finHeight);
        positive("finChord", finChord);
        if (finCount != 1 && finCount != 2) throw bad("finCount", finCount, "1 or 2");
        if (engineCount != 0 && engineCount != 2 && engineCount != 4)
            throw bad("engineCount", engineCount, "0, 2 or 4");
        if (engineCount > 0) {
            positive("engineRadius", engineRadius);
            positive("engineLength", engineLength);
        }
        nonNegative("canardSpan", canardSpan);
        nonNegative("canopyLength", canopyLength);
        nonNegative("propellerRadius", propellerRadius);
        if (propellerRadius > 0 && propellerBlades < 2)
            throw bad("propellerBlades", propellerBlades, ">= 2 when there is a propeller");
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) throw bad(name, v, "positive and finite");
    }

    private static void nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw bad(name, v, ">= 0 and finite");
    }

    private static void fraction(String name, double v) {
        if (!(v >= 0 && v <= 1)) throw bad(name, v, "in [0, 1]");
    }

    private static IllegalArgumentException bad(String name, double v, String expected) {
        return new IllegalArgumentException("AirplaneParams: " + name + " = " + v + ", expected " + expected);
    }
}
