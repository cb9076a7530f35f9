package org.pointgrad.pointcloud.data;

/** Which part of a train/test split to keep. */
public enum Split {
    /** Everything. */
    ALL,
    /** Entries whose id hashes at or above the test fraction. */
    TRAIN,
    /** Entries whose id hashes below the test fraction. */
    TEST
}
