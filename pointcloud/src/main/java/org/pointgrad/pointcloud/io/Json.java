package org.pointgrad.pointcloud.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON parser for the glTF scene description: objects become {@code Map<String, Object>}, arrays
 * {@code List<Object>}, numbers {@code Double}, strings {@code String}, literals {@code Boolean} or {@link #NULL}.
 * Errors are format errors at the byte where the text goes wrong (exact for ASCII text, which glTF JSON is).
 */
final class Json {
    /** The JSON {@code null} literal, distinct from an absent key. */
    static final Object NULL = new Object();
    /** Nesting limit, so a hostile file cannot exhaust the stack. */
    private static final int MAX_DEPTH = 64;
    /** The characters after a backslash that stand for one character, and the characters they stand for. */
    private static final String ESCAPES = "\"\\/bfnrt", ESCAPED = "\"\\/\b\f\n\r\t";

    private final String s;
    private final Path file;
    private final long base;
    private int pos;

    private Json(String s, Path file, long base) {
        this.s = s;
        this.file = file;
        this.base = base;
    }

    /** Parses one value followed only by whitespace; {@code base} is the byte offset of the text in {@code file}. */
    static Object parse(String text, Path file, long base) throws ShapeFormatException {
        Json p = new Json(text, file, base);
        p.skipWhitespace();
        Object v = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) throw p.error(p.pos, "unexpected text after the end of the JSON value");
        return v;
    }

    private ShapeFormatException error(int at, String detail) {
        return ShapeFormatException.atByte(file, base + at, "glTF JSON: " + detail);
    }

    private Object value(int depth) throws ShapeFormatException {
        if (depth > MAX_DEPTH) throw error(pos, "JSON nested deeper than " + MAX_DEPTH + " levels");
        if (pos >= s.length()) throw error(pos, "unexpected end of JSON; expected a value");
        char c = s.charAt(pos);
        if (c == '{') return object(depth);
        if (c == '[') return array(depth);
        if (c == '"') return string();
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        if (s.startsWith("true", pos)) {
            pos += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("false", pos)) {
            pos += 5;
            return Boolean.FALSE;
        }
        if (s.startsWith("null", pos)) {
            pos += 4;
            return NULL;
        }
        throw error(pos, "unexpected character '" + c + "'; expected a JSON value");
    }

    private Map<String, Object> object(int depth) throws ShapeFormatException {
        Map<String, Object> m = new LinkedHashMap<>();
        pos++;
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return m;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') throw error(pos, "expected a quoted key in a JSON object");
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            m.put(key, value(depth + 1));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') return m;
            if (c != ',') throw error(pos - 1, "expected ',' or '}' in a JSON object");
        }
    }

    private List<Object> array(int depth) throws ShapeFormatException {
        List<Object> a = new ArrayList<>();
        pos++;
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return a;
        }
        while (true) {
            skipWhitespace();
            a.add(value(depth + 1));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') return a;
            if (c != ',') throw error(pos - 1, "expected ',' or ']' in a JSON array");
        }
    }

    private String string() throws ShapeFormatException {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= s.length()) throw error(pos, "unterminated JSON string");
            char c = s.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= s.length()) throw error(pos, "unterminated JSON string");
            char e = s.charAt(pos++);
            int simple = ESCAPES.indexOf(e);
            if (simple >= 0) {
                sb.append(ESCAPED.charAt(simple));
            } else if (e == 'u' && pos + 4 <= s.length()) {
                try {
                    sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                } catch (NumberFormatException ex) {
                    throw error(pos, "bad \\u escape");
                }
                pos += 4;
            } else {
                throw error(pos - 1, "bad escape '\\" + e + "'");
            }
        }
    }

    private Double number() throws ShapeFormatException {
        int start = pos;
        while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) pos++;
        try {
            return Double.valueOf(s.substring(start, pos));
        } catch (NumberFormatException e) {
            throw error(start, "'" + TextLines.abbreviate(s.substring(start, pos)) + "' is not a number");
        }
    }

    private char peek() throws ShapeFormatException {
        if (pos >= s.length()) throw error(pos, "unexpected end of JSON");
        return s.charAt(pos);
    }

    private void expect(char c) throws ShapeFormatException {
        if (peek() != c) throw error(pos, "expected '" + c + "'");
        pos++;
    }

    private void skipWhitespace() {
        while (pos < s.length() && " \t\n\r".indexOf(s.charAt(pos)) >= 0) pos++;
    }
}
