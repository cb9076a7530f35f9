package org.pointgrad.pointcloud.shapes;

import java.util.ArrayList;
import java.util.List;
import org.pointgrad.pointcloud.Mesh;

/**
 * Assembles an airplane mesh from {@link AirplaneParams} out of primitives, in metres (not normalised).
 * The nose tip is at x = 0 and the fuselage extends to x = -length; the fuselage axis is y = 0.
 */
final class AirplaneBuilder {
    private static final int RING = 16;

    private final AirplaneParams p;
    private final List<Mesh> parts = new ArrayList<>();
    private final double len, r;

    private AirplaneBuilder(AirplaneParams p) {
        this.p = p;
        this.len = p.fuselageLength();
        this.r = p.fuselageRadius();
    }

    /** Builds the full airplane mesh described by {@code p}. */
    static Mesh build(AirplaneParams p) {
        AirplaneBuilder b = new AirplaneBuilder(p);
        b.fuselage();
        b.wings();
        b.empennage();
        b.engines();
        b.canards();
        b.canopy();
        b.propeller();
        b.gear();
        return Mesh.merge(b.parts.toArray(new Mesh[0]));
    }

    private void fuselage() {
        int nose = 8, tail = 6;
        double noseEnd = p.noseLength() * len, tailStart = (1 - p.tailConeLength()) * len;
        double[] x = new double[nose + 1 + tail + 1];
        double[] rad = new double[x.length], yc = new double[x.length];
        int k = 0;
        for (int i = 0; i <= nose; i++, k++) {
            double t = (double) i / nose;
            double shape = Math.pow(1 - (1 - t) * (1 - t), p.noseExponent());
            x[k] = -t * noseEnd;
            rad[k] = r * (p.noseTipRadius() + (1 - p.noseTipRadius()) * shape);
        }
        for (int i = 0; i <= tail; i++, k++) {
            double t = (double) i / tail;
            x[k] = -(tailStart + t * (len - tailStart));
            // Smoothstep keeps the join with the cylindrical body free of a visible kink.
            double s = t * t * (3 - 2 * t);
            rad[k] = r * (1 - (1 - p.tailRadius()) * s);
            yc[k] = r * p.tailUpsweep() * s;
        }
        parts.add(Primitives.loftX(x, rad, rad, yc, RING));
    }

    /** Radius and centre height of the fuselage at x (x <= 0), matching {@link #fuselage}. */
    private double[] sectionAt(double x) {
        double d = -x;
        double noseEnd = p.noseLength() * len, tailStart = (1 - p.tailConeLength()) * len;
        if (d < noseEnd) {
            double t = Math.max(0, d / noseEnd);
            return new double[] {
                r * (p.noseTipRadius() + (1 - p.noseTipRadius()) * Math.pow(1 - (1 - t) * (1 - t), p.noseExponent())), 0
            };
        }
        if (d <= tailStart) return new double[] {r, 0};
        double t = Math.min(1, (d - tailStart) / (len - tailStart));
        double s = t * t * (3 - 2 * t);
        return new double[] {r * (1 - (1 - p.tailRadius()) * s), r * p.tailUpsweep() * s};
    }

    private void wings() {
        double h = p.wingHeight();
        double rootX = -p.wingPosition() * len;
        double rootY = h * r;
        // The root starts just inside the fuselage skin so no floating gap shows, without filling the cabin with
        // points.
        double rootZ = 0.85 * r * Math.sqrt(Math.max(0.05, 1 - h * h));
        double semi = p.wingSpan() / 2 - rootZ;
        double tipX = rootX - semi * Math.tan(Math.toRadians(p.wingSweepDeg()));
        double tipY = rootY + semi * Math.tan(Math.toRadians(p.wingDihedralDeg()));
        Mesh right = Primitives.surface(
                new double[] {rootX, rootY, rootZ},
                p.wingRootChord(),
                new double[] {tipX, tipY, rootZ + semi},
                p.wingRootChord() * p.wingTaper(),
                p.wingThickness(),
                false);
        addMirrored(right);
    }

    /** Leading edge (x, y) of the right wing at spanwise position z. */
    private double[] wingLeadingEdgeAt(double z) {
        double h = p.wingHeight();
        double rootZ = 0.85 * r * Math.sqrt(Math.max(0.05, 1 - h * h));
        double dz = z - rootZ;
        return new double[] {
            -p.wingPosition() * len - dz * Math.tan(Math.toRadians(p.wingSweepDeg())),
            h * r + dz * Math.tan(Math.toRadians(p.wingDihedralDeg()))
        };
    }

    private void empennage() {
        double finRootX = -len + p.finChord() + 0.02 * len;
        double[] sec = sectionAt(finRootX - p.finChord() / 2);
        double finRootY = sec[1] + 0.7 * sec[0];
        double finTipX = finRootX - p.finHeight() * Math.tan(Math.toRadians(p.finSweepDeg()));
        double finTipChord = p.finChord() * (p.tTail() ? 0.75 : 0.5);
        double finTop = finRootY + p.finHeight();
        if (p.finCount() == 1) {
            parts.add(Primitives.surface(
                    new double[] {finRootX, finRootY, 0},
                    p.finChord(),
                    new double[] {finTipX, finTop, 0},
                    finTipChord,
                    0.08,
                    true));
        } else {
            double zOff = 0.55 * sec[0];
            Mesh fin = Primitives.surface(
                    new double[] {finRootX, 0, 0},
                    p.finChord(),
                    new double[] {finTipX, p.finHeight(), 0},
                    finTipChord,
                    0.06,
                    true);
            fin = MeshTransforms.translate(
                    MeshTransforms.rotateX(fin, -Math.toRadians(p.finCantDeg())), 0, sec[1] + 0.5 * sec[0], zOff);
            addMirrored(fin);
        }
        if (p.tailSpan() > 0) {
            double rootX, rootY, rootZ;
            if (p.tTail()) {
                rootX = finTipX + 0.05 * finTipChord;
                rootY = finTop;
                rootZ = 0;
            } else {
                rootX = -len + p.tailChord() + 0.01 * len;
                double[] s = sectionAt(rootX - p.tailChord() / 2);
                rootY = s[1];
                rootZ = 0.8 * s[0];
            }
            double semi = p.tailSpan() / 2 - rootZ;
            double tipX = rootX - semi * Math.tan(Math.toRadians(p.tailSweepDeg()));
            Mesh right = Primitives.surface(
                    new double[] {rootX, rootY, rootZ},
                    p.tailChord(),
                    new double[] {tipX, rootY + 0.05 * semi, rootZ + semi},
                    p.tailChord() * 0.5,
                    0.08,
                    false);
            addMirrored(right);
        }
    }

    private void engines() {
        if (p.engineCount() == 0) return;
        double semi = p.wingSpan() / 2;
        double[] spanPos = p.engineCount() == 2 ? new double[] {0.33} : new double[] {0.27, 0.52};
        double er = p.engineRadius(), el = p.engineLength();
        for (double f : spanPos) {
            double z = f * semi;
            double[] le = wingLeadingEdgeAt(z);
            double front = le[0] + 0.55 * el;
            double cy = le[1] - 1.5 * er;
            double[] x = {front, front, front - 0.1 * el, front - 0.7 * el, front - el, front - el};
            double[] rad = {0, 0.9 * er, er, er, 0.7 * er, 0};
            Mesh nacelle = Primitives.loftX(x, rad, rad, new double[6], RING);
            // Pylon from the nacelle top up to the wing, in nacelle-local coordinates (centre at y = 0).
            Mesh pylon = Primitives.surface(
                    new double[] {front - 0.3 * el, 0.8 * er, 0},
                    0.5 * el,
                    new double[] {front - 0.3 * el, le[1] - cy, 0},
                    0.5 * el,
                    0.08,
                    true);
            addMirrored(MeshTransforms.translate(Mesh.merge(nacelle, pylon), 0, cy, z));
        }
    }

    private void canards() {
        if (p.canardSpan() <= 0) return;
        double rootX = -0.27 * len;
        double rootZ = 0.8 * r;
        double semi = p.canardSpan() / 2 - rootZ;
        double chord = 0.12 * len;
        Mesh right = Primitives.surface(
                new double[] {rootX, 0.3 * r, rootZ},
                chord,
                new double[] {rootX - semi * Math.tan(Math.toRadians(50)), 0.3 * r + 0.1 * semi, rootZ + semi},
                0.35 * chord,
                0.05,
                false);
        addMirrored(right);
    }

    private void canopy() {
        if (p.canopyLength() <= 0) return;
        double cl = p.canopyLength();
        double cx = -p.noseLength() * len - cl * 0.2;
        double[] sec = sectionAt(cx);
        Mesh bubble = Primitives.ellipsoid(cl / 2, 0.55 * sec[0], 0.55 * sec[0], RING, 8);
        parts.add(MeshTransforms.translate(bubble, cx, sec[1] + 0.75 * sec[0], 0));
    }

    private void propeller() {
        if (p.propellerRadius() <= 0) return;
        double tip = r * p.noseTipRadius();
        double spin = 0.9 * tip;
        parts.add(Primitives.loftX(
                new double[] {0, 0, 0.35 * r * 1.6, 0.7 * r * 1.6},
                new double[] {0, spin, 0.7 * spin, 0},
                new double[] {0, spin, 0.7 * spin, 0},
                new double[4],
                RING));
        double pr = p.propellerRadius();
        double bladeX = 0.2 * r;
        for (int b = 0; b < p.propellerBlades(); b++) {
            Mesh blade = Primitives.box(0.03 * pr, pr, 0.22 * pr);
            blade = MeshTransforms.translate(blade, bladeX, pr / 2, 0);
            parts.add(MeshTransforms.rotateX(blade, 2 * Math.PI * b / p.propellerBlades() + 0.3));
        }
    }

    private void gear() {
        if (!p.fixedGear()) return;
        double wheelR = 0.32 * r;
        double bottom = -r;
        double mainX = -p.wingPosition() * len - 0.6 * p.wingRootChord();
        double strut = 0.9 * r;
        double track = 1.6 * r;
        for (double[] w : new double[][] {{mainX, track}, {-0.08 * len, 0}}) {
            double wy = bottom - strut;
            Mesh wheel = Primitives.ellipsoid(wheelR, wheelR, 0.4 * wheelR, RING, 8);
            Mesh leg = Primitives.hexahedron(new double[] {
                w[0] - 0.03 * r,
                wy,
                w[1] - 0.03 * r,
                w[0] + 0.03 * r,
                wy,
                w[1] - 0.03 * r,
                w[0] + 0.03 * r,
                wy,
                w[1] + 0.03 * r,
                w[0] - 0.03 * r,
                wy,
                w[1] + 0.03 * r,
                w[0] - 0.03 * r,
                bottom * 0.6,
                0.3 * w[1] - 0.03 * r,
                w[0] + 0.03 * r,
                bottom * 0.6,
                0.3 * w[1] - 0.03 * r,
                w[0] + 0.03 * r,
                bottom * 0.6,
                0.3 * w[1] + 0.03 * r,
                w[0] - 0.03 * r,
                bottom * 0.6,
                0.3 * w[1] + 0.03 * r
            });
            Mesh unit = Mesh.merge(MeshTransforms.translate(wheel, w[0], wy, w[1]), leg);
            if (w[1] > 0) addMirrored(unit);
            else parts.add(unit);
        }
    }

    private void addMirrored(Mesh right) {
        parts.add(right);
        parts.add(MeshTransforms.mirrorZ(right));
    }
}
