package org.pointgrad.nn.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The strict JSON subset a safetensors header needs: objects (no duplicate keys), arrays, strings and
 * non-negative integers. Anything else (floats, negatives, true/false/null, comments, trailing commas) is an error
 * with its character position, so a corrupted header is reported where it goes wrong instead of being guessed at.
 */
final class HeaderJson {
    /** Nesting limit: real headers nest three deep; the limit keeps a hostile file from exhausting the stack. */
    private static final int MAX_DEPTH = 32;

    /** A syntax error at a character index of the header text. */
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

    private HeaderJson(String s) {
        this.s = s;
    }

    /**
     * Parses one JSON value followed only by whitespace. Objects become {@code LinkedHashMap<String, Object>} in file
     * order, arrays {@code List<Object>}, strings {@code String}, integers {@code Long}.
     */
    static Object parse(String text) throws SyntaxError {
        HeaderJson p = new HeaderJson(text);
        p.skipWhitespace();
        Object v = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw new SyntaxError(p.pos, "unexpected " + p.describeHere() + " after the end of the header object");
        }
        return v;
    }

    private Object value(int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) throw new SyntaxError(pos, "JSON nested deeper than " + MAX_DEPTH + " levels");
        if (pos >= s.length()) throw new SyntaxError(pos, "unexpected end of header, expected a value");
        char c = s.charAt(pos);
        if (c == '{') return object(depth);
        if (c == '[') return array(depth);
        if (c == '"') return string();
        if (c >= '0' && c <= '9') return integer();
        throw new SyntaxError(
                pos,
                "unexpected " + describeHere()
                        + "; a safetensors header holds only objects, arrays, strings and non-negative integers");
    }

    private Map<String, Object> object(int depth) throws SyntaxError {
        pos++;
        Map<String, Object> out = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return out;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') throw new SyntaxError(pos, "expected a quoted key, found " + describeHere());
            int keyPos = pos;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object v = value(depth + 1);
            if (out.putIfAbsent(key, v) != null) throw new SyntaxError(keyPos, "duplicate key \"" + key + "\"");
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                return out;
            } else {
                throw new SyntaxError(pos, "expected ',' or '}' in object, found " + describeHere());
            }
        }
    }

    private List<Object> array(int depth) throws SyntaxError {
        pos++;
        List<Object> out = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return out;
        }
        while (true) {
            skipWhitespace();
            out.add(value(depth + 1));
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return out;
            } else {
                throw new SyntaxError(pos, "expected ',' or ']' in array, found " + describeHere());
            }
        }
    }

    private String string() throws SyntaxError {
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) throw new SyntaxError(start, "unterminated string");
            char c = s.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c < 0x20)
                throw new SyntaxError(pos, String.format("unescaped control character U+%04X in string", (int) c));
            if (c != '\\') {
                sb.append(c);
                pos++;
                continue;
            }
            if (pos + 1 >= s.length()) throw new SyntaxError(pos, "unterminated escape sequence");
            char e = s.charAt(pos + 1);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 6 > s.length()) throw new SyntaxError(pos, "truncated \\u escape");
                    int cp = 0;
                    for (int i = pos + 2; i < pos + 6; i++) {
                        int digit = Character.digit(s.charAt(i), 16);
                        if (digit < 0)
                            throw new SyntaxError(i, "invalid hex digit '" + s.charAt(i) + "' in \\u escape");
                        cp = cp * 16 + digit;
                    }
                    sb.append((char) cp);
                    pos += 4;
                }
                default -> throw new SyntaxError(pos, "invalid escape \\" + e);
            }
            pos += 2;
        }
    }

    private Long integer() throws SyntaxError {
        int start = pos;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') pos++;
        if (pos < s.length() && (s.charAt(pos) == '.' || s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            throw new SyntaxError(start, "only non-negative integers are allowed in a safetensors header");
        }
        String digits = s.substring(start, pos);
        if (digits.length() > 1 && digits.charAt(0) == '0')
            throw new SyntaxError(start, "integer with a leading zero: " + digits);
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException ex) {
            throw new SyntaxError(start, "integer " + digits + " does not fit in 64 bits");
        }
    }

    private void expect(char c) throws SyntaxError {
        if (peek() != c) throw new SyntaxError(pos, "expected '" + c + "', found " + describeHere());
        pos++;
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
            pos++;
        }
    }

    private String describeHere() {
        if (pos >= s.length()) return "end of header";
        char c = s.charAt(pos);
        return c < 0x20 || c > 0x7e ? String.format("character U+%04X", (int) c) : "'" + c + "'";
    }

    // ---------------------------------------------------------------- writing

    /** Appends {@code v} as a JSON string literal (escaping quotes, backslashes and control characters). */
    static void writeString(StringBuilder sb, String v) {
        sb.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
