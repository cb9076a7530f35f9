package org.pointgrad.pointcloud.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON parser for the glTF scene description: objects become {@code Map<String, Object>}, arrays
 * {@code List<Object>}, numbers {@code Double}, strings {@code String}, literals {@code Boolean} or {@link #NULL}.
 * Errors carry the character index.
 */
final class Json {
    /** The JSON {@code null} literal (maps cannot hold a Java null as a value worth distinguishing). */
    static final Object NULL = new Object();
    /** Nesting limit, so a hostile file cannot exhaust the stack. */
    private static final int MAX_DEPTH = 64;

    /** A syntax error at a character index. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        final int position;

        SyntaxError(int position, String message) {
            super(message);
            this.position = position;
        }
    }

    private final String s;
    private int pos;

    private Json(String s) {
        this.s = s;
    }

    /** Parses one value followed only by whitespace. */
    static Object parse(String text) throws SyntaxError {
        Json p = new Json(text);
        p.skipWhitespace();
        Object v = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) throw new SyntaxError(p.pos, "unexpected text after the end of the JSON value");
        return v;
    }

    private Object value(int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) throw new SyntaxError(pos, "JSON nested deeper than " + MAX_DEPTH + " levels");
        if (pos >= s.length()) throw new SyntaxError(pos, "unexpected end of JSON; expected a value");
        char c = s.charAt(pos);
        if (c == '{') return object(depth);
        if (c == '[') return array(depth);
        if (c == '"') return string();
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        if (s.startsWith("true", pos)) { pos += 4; return Boolean.TRUE; }
        if (s.startsWith("false", pos)) { pos += 5; return Boolean.FALSE; }
        if (s.startsWith("null", pos)) { pos += 4; return NULL; }
        throw new SyntaxError(pos, "unexpected character '" + c + "'; expected a JSON value");
    }

    private Map<String, Object> object(int depth) throws SyntaxError {
        Map<String, Object> m = new LinkedHashMap<>();
        pos++;
        skipWhitespace();
        if (peek() == '}') { pos++; return m; }
        while (true) {
            skipWhitespace();
            if (peek() != '"') throw new SyntaxError(pos, "expected a quoted key in a JSON object");
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            m.put(key, value(depth + 1));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') return m;
            if (c != ',') throw new SyntaxError(pos - 1, "expected ',' or '}' in a JSON object");
        }
    }

    private List<Object> array(int depth) throws SyntaxError {
        List<Object> a = new ArrayList<>();
        pos++;
        skipWhitespace();
        if (peek() == ']') { pos++; return a; }
        while (true) {
            skipWhitespace();
            a.add(value(depth + 1));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') return a;
            if (c != ',') throw new SyntaxError(pos - 1, "expected ',' or ']' in a JSON array");
        }
    }

    private String string() throws SyntaxError {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= s.length()) throw new SyntaxError(pos, "unterminated JSON string");
            char c = s.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c != '\\') { sb.append(c); continue; }
            if (pos >= s.length()) throw new SyntaxError(pos, "unterminated JSON string");
            char e = s.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > s.length()) throw new SyntaxError(pos, "truncated \\u escape");
                    try {
                        sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw new SyntaxError(pos, "bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw new SyntaxError(pos - 1, "unknown escape '\\" + e + "'");
            }
        }
    }

    private Double number() throws SyntaxError {
        int start = pos;
        while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) pos++;
        try {
            return Double.valueOf(s.substring(start, pos));
        } catch (NumberFormatException e) {
            throw new SyntaxError(start, "'" + TextLines.abbreviate(s.substring(start, pos)) + "' is not a JSON number");
        }
    }

    private char peek() throws SyntaxError {
        if (pos >= s.length()) throw new SyntaxError(pos, "unexpected end of JSON");
        return s.charAt(pos);
    }

    private void expect(char c) throws SyntaxError {
        if (peek() != c) throw new SyntaxError(pos, "expected '" + c + "'");
        pos++;
    }

    private void skipWhitespace() {
        while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == '\n' || s.charAt(pos) == '\r')) pos++;
    }
}
