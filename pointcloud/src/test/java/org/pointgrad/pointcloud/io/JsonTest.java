package org.pointgrad.pointcloud.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The glTF JSON parser: values, escapes, and errors at the byte where the text goes wrong. */
class JsonTest {
    @Test
    void valuesAndEscapes() throws ShapeFormatException {
        Object v =
                Json.parse(" {\"a\": [1, -2.5e3, true, false, null], \"s\": \"q\\\"\\\\\\/\\n\\t\\u0041\"} ", null, 0);
        Map<?, ?> m = (Map<?, ?>) v;
        List<?> a = (List<?>) m.get("a");
        assertEquals(List.of(1.0, -2500.0, true, false), a.subList(0, 4));
        assertSame(Json.NULL, a.get(4));
        assertEquals("q\"\\/\n\tA", m.get("s"));
    }

    @Test
    void errorsNameTheByte() {
        ShapeFormatException e =
                assertThrows(ShapeFormatException.class, () -> Json.parse("{\"a\": [1, x]}", Path.of("s.glb"), 20));
        assertEquals(20 + 10, e.byteOffset());
        assertThrows(ShapeFormatException.class, () -> Json.parse("\"\\q\"", null, 0));
        assertThrows(ShapeFormatException.class, () -> Json.parse("[1] 2", null, 0));
        assertThrows(ShapeFormatException.class, () -> Json.parse("[".repeat(100), null, 0));
        assertThrows(ShapeFormatException.class, () -> Json.parse("{\"a\" 1}", null, 0));
        assertThrows(ShapeFormatException.class, () -> Json.parse("1.2.3", null, 0));
    }
}
