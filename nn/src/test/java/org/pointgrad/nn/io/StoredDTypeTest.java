package org.pointgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StoredDTypeTest {
    /** Every binary16 pattern widens to the value given by the IEEE definition, computed here in double. */
    @Test
    void halfToFloatMatchesTheDefinitionForAllPatterns() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int sign = bits >>> 15;
            int exp = (bits >>> 10) & 0x1f;
            int mant = bits & 0x3ff;
            float got = StoredDType.halfToFloat((short) bits);
            if (exp == 0x1f) {
                assertTrue(
                        mant == 0 ? Float.isInfinite(got) && (got < 0) == (sign == 1) : Float.isNaN(got),
                        Integer.toHexString(bits));
                continue;
            }
            double magnitude = exp == 0 ? Math.scalb(mant / 1024.0, -14) : Math.scalb(1 + mant / 1024.0, exp - 15);
            double expected = sign == 1 ? -magnitude : magnitude;
            assertEquals(
                    Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(got), Integer.toHexString(bits));
        }
    }
}
