package org.pointgrad.pointcloud.transform;

/** A coordinate axis, used to name the "up" direction. */
public enum Axis {
    /** The x axis. */
    X,
    /** The y axis (the default up). */
    Y,
    /** The z axis. */
    Z;

    /** The axis conventionally used as up (ShapeNet and AtlasNet data have y up). */
    public static final Axis DEFAULT_UP = Y;
}
