package org.pointgrad.pointcloud.io;

/** Range checks shared by the readers. */
final class Numbers {
    private Numbers() {}

    /** Supplies the exception to throw; lets callers build position-specific messages lazily. */
    @FunctionalInterface
    interface ErrorSupplier {
        ShapeFormatException get();
    }

    /** Narrows to float, rejecting NaN, infinities, and values beyond float range. */
    static float finiteFloat(double d, ErrorSupplier err) throws ShapeFormatException {
        float f = (float) d;
        if (!Float.isFinite(f)) throw err.get();
        return f;
    }
}
