package org.pointgrad.pointcloud.shapes;

import java.util.random.RandomGenerator;

/**
 * Families of procedural airplanes. Each family draws its {@link AirplaneParams} from its own ranges, loosely
 * modelled on real aircraft of that kind, so that shapes vary continuously within a family while the families stay
 * clearly apart (wing planform, span-to-length ratio, tail layout, engines).
 */
public enum AirplaneFamily {
    /** Long round fuselage, swept low wings, 2 or 4 under-wing nacelles, conventional tail (A320/B747-like). */
    AIRLINER {
        @Override
        public AirplaneParams sampleParams(RandomGenerator rng) {
            double len = u(rng, 35, 70);
            int engines = rng.nextDouble() < 0.6 ? 2 : 4;
            return new AirplaneParams(
                    len,
                    len * u(rng, 0.048, 0.060),
                    u(rng, 0.07, 0.10),
                    0.5,
                    0,
                    u(rng, 0.20, 0.26),
                    u(rng, 0.12, 0.22),
                    u(rng, 0.45, 0.65),
                    len * u(rng, 0.85, 1.05),
                    len * u(rng, 0.15, 0.20),
                    u(rng, 0.22, 0.32),
                    u(rng, 25, 35),
                    u(rng, 4, 7),
                    u(rng, 0.36, 0.44),
                    u(rng, -0.75, -0.55),
                    0.12,
                    len * u(rng, 0.30, 0.38),
                    len * u(rng, 0.08, 0.10),
                    u(rng, 28, 36),
                    false,
                    len * u(rng, 0.15, 0.19),
                    len * u(rng, 0.13, 0.16),
                    u(rng, 35, 42),
                    1,
                    0,
                    engines,
                    len * u(rng, 0.024, 0.032),
                    len * u(rng, 0.10, 0.13),
                    0,
                    0,
                    0,
                    0,
                    false);
        }
    },
    /** Short pointed fuselage, large delta wing, one or two fins, small or no tailplane, sometimes canards. */
    FIGHTER {
        @Override
        public AirplaneParams sampleParams(RandomGenerator rng) {
            double len = u(rng, 14, 20);
            boolean tailplane = rng.nextDouble() < 0.4;
            boolean canards = !tailplane && rng.nextDouble() < 0.6;
            int fins = rng.nextDouble() < 0.5 ? 1 : 2;
            return new AirplaneParams(
                    len,
                    len * u(rng, 0.055, 0.07),
                    u(rng, 0.24, 0.30),
                    1.0,
                    0,
                    u(rng, 0.06, 0.10),
                    u(rng, 0.55, 0.75),
                    0,
                    len * u(rng, 0.55, 0.72),
                    len * u(rng, 0.48, 0.58),
                    u(rng, 0.06, 0.14),
                    u(rng, 48, 60),
                    u(rng, -3, 0),
                    u(rng, 0.38, 0.46),
                    u(rng, -0.2, 0.2),
                    0.05,
                    tailplane ? len * u(rng, 0.22, 0.30) : 0,
                    len * u(rng, 0.09, 0.12),
                    u(rng, 38, 48),
                    false,
                    len * u(rng, 0.17, 0.23),
                    len * u(rng, 0.18, 0.24),
                    u(rng, 42, 52),
                    fins,
                    fins == 2 ? u(rng, 12, 25) : 0,
                    0,
                    0,
                    0,
                    canards ? len * u(rng, 0.22, 0.30) : 0,
                    len * u(rng, 0.16, 0.22),
                    0,
                    0,
                    false);
        }
    },
    /** Slender fuselage with a thin tail boom, very long straight high-aspect-ratio wings, T-tail. */
    GLIDER {
        @Override
        public AirplaneParams sampleParams(RandomGenerator rng) {
            double len = u(rng, 6.5, 9);
            return new AirplaneParams(
                    len,
                    len * u(rng, 0.040, 0.050),
                    u(rng, 0.12, 0.16),
                    0.6,
                    0,
                    u(rng, 0.55, 0.65),
                    u(rng, 0.22, 0.32),
                    u(rng, 0.1, 0.3),
                    len * u(rng, 2.0, 2.6),
                    len * u(rng, 0.085, 0.11),
                    u(rng, 0.35, 0.55),
                    u(rng, -2, 2),
                    u(rng, 2, 5),
                    u(rng, 0.30, 0.36),
                    u(rng, 0.55, 0.85),
                    0.12,
                    len * u(rng, 0.28, 0.36),
                    len * u(rng, 0.06, 0.08),
                    u(rng, 3, 10),
                    true,
                    len * u(rng, 0.15, 0.19),
                    len * u(rng, 0.12, 0.15),
                    u(rng, 20, 32),
                    1,
                    0,
                    0,
                    0,
                    0,
                    0,
                    len * u(rng, 0.14, 0.18),
                    0,
                    0,
                    false);
        }
    },
    /** Light propeller plane: short stubby fuselage, straight high or low wing, nose propeller, often fixed gear. */
    PROPELLER {
        @Override
        public AirplaneParams sampleParams(RandomGenerator rng) {
            double len = u(rng, 7, 9);
            boolean highWing = rng.nextDouble() < 0.5;
            return new AirplaneParams(
                    len,
                    len * u(rng, 0.068, 0.085),
                    u(rng, 0.10, 0.14),
                    0.5,
                    u(rng, 0.55, 0.7),
                    u(rng, 0.45, 0.55),
                    u(rng, 0.2, 0.3),
                    u(rng, 0.2, 0.45),
                    len * u(rng, 1.15, 1.35),
                    len * u(rng, 0.17, 0.21),
                    u(rng, 0.7, 1.0),
                    u(rng, 0, 3),
                    u(rng, 1, 4),
                    u(rng, 0.24, 0.30),
                    highWing ? u(rng, 0.6, 0.8) : u(rng, -0.8, -0.6),
                    0.13,
                    len * u(rng, 0.38, 0.45),
                    len * u(rng, 0.11, 0.14),
                    u(rng, 5, 15),
                    false,
                    len * u(rng, 0.16, 0.20),
                    len * u(rng, 0.14, 0.18),
                    u(rng, 30, 42),
                    1,
                    0,
                    0,
                    0,
                    0,
                    0,
                    highWing ? 0 : len * u(rng, 0.14, 0.18),
                    len * u(rng, 0.11, 0.13),
                    rng.nextDouble() < 0.6 ? 2 : 3,
                    rng.nextDouble() < 0.7);
        }
    };

    /** Draws one parameter set of this family from {@code rng}. */
    public abstract AirplaneParams sampleParams(RandomGenerator rng);

    private static double u(RandomGenerator rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }
}
