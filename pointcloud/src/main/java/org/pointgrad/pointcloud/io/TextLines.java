package org.pointgrad.pointcloud.io;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Strictly UTF-8 decoded text split into numbered lines and tokens, shared by the text readers.
 * Invalid UTF-8 is reported with its byte offset rather than silently replaced, so binary garbage
 * never masquerades as text.
 */
final class TextLines {
    private final Path file;
    private final String text;
    private int pos;
    private int lineNumber;
    private String line;

    private TextLines(Path file, String text, int firstLine) {
        this.file = file;
        this.text = text;
        this.lineNumber = firstLine - 1;
    }

    /** Decodes {@code data[offset..]} as UTF-8; {@code firstLine} is the 1-based number of the first line. */
    static TextLines decode(Path file, byte[] data, int offset, int firstLine) throws ShapeFormatException {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(data, offset, data.length - offset);
        CharBuffer out = CharBuffer.allocate(data.length - offset);
        CoderResult r = dec.decode(in, out, true);
        if (r.isError()) {
            throw ShapeFormatException.atByte(file, in.position(),
                    "invalid UTF-8 byte 0x" + String.format("%02x", data[in.position()] & 0xff)
                            + "; expected a text file");
        }
        dec.flush(out);
        out.flip();
        String s = out.toString();
        if (!s.isEmpty() && s.charAt(0) == '\uFEFF') s = s.substring(1);
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == 0) {
                throw ShapeFormatException.general(file, "NUL character in text; expected a text file");
            }
        }
        return new TextLines(file, s, firstLine);
    }

    /** Advances to the next line (a trailing CR is dropped); false at end of text. */
    boolean next() {
        if (pos >= text.length()) return false;
        int end = text.indexOf('\n', pos);
        if (end < 0) end = text.length();
        int stop = end > pos && text.charAt(end - 1) == '\r' ? end - 1 : end;
        line = text.substring(pos, stop);
        pos = end + 1;
        lineNumber++;
        return true;
    }

    /** The current line's text. */
    String line() { return line; }

    /** The current line's 1-based number. */
    int lineNumber() { return lineNumber; }

    Path file() { return file; }

    /** An error at the current line. */
    ShapeFormatException error(String detail) {
        return ShapeFormatException.atLine(file, Math.max(1, lineNumber), detail);
    }

    /** Splits on whitespace (and on commas when {@code commas}); empty fields are dropped. */
    static String[] tokens(String s, boolean commas) {
        List<String> out = new ArrayList<>();
        int i = 0, n = s.length();
        while (i < n) {
            while (i < n && isSeparator(s.charAt(i), commas)) i++;
            int start = i;
            while (i < n && !isSeparator(s.charAt(i), commas)) i++;
            if (i > start) out.add(s.substring(start, i));
        }
        return out.toArray(new String[0]);
    }

    private static boolean isSeparator(char c, boolean commas) {
        return Character.isWhitespace(c) || (commas && (c == ',' || c == ';'));
    }

    /** Removes a '#' comment from a line. */
    static String stripHashComment(String s) {
        int h = s.indexOf('#');
        return h < 0 ? s : s.substring(0, h);
    }

    /** Parses a finite coordinate that fits in a float, or throws naming the line and what was expected. */
    float coordinate(String token, String what) throws ShapeFormatException {
        double d;
        try {
            d = Double.parseDouble(token);
        } catch (NumberFormatException e) {
            throw error("'" + abbreviate(token) + "' is not a number; expected " + what);
        }
        return Numbers.finiteFloat(d, () -> error("'" + abbreviate(token) + "' is not a finite float; expected a finite " + what));
    }

    /** Parses a non-negative or negative integer within int range. */
    int integer(String token, String what) throws ShapeFormatException {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw error("'" + abbreviate(token) + "' is not an integer in int range; expected " + what);
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
