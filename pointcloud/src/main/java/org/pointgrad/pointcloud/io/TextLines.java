package org.pointgrad.pointcloud.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoded text split into numbered lines and tokens, shared by the text readers. Text is UTF-8 (with or without a
 * byte-order mark) or UTF-16 with a byte-order mark; content that is not valid UTF-8 is read as Latin-1, one
 * character per byte, since files from the wild carry Latin-1 or Windows code-page bytes in comments and names.
 * Every value the readers parse is ASCII, so binary garbage still fails, at the line of the first value it breaks.
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

    /** Decodes {@code data[offset..]}; {@code firstLine} is the 1-based number of the first line. */
    static TextLines decode(Path file, byte[] data, int offset, int firstLine) throws ShapeFormatException {
        String s = decodeText(data, offset);
        if (!s.isEmpty() && s.charAt(0) == '\uFEFF') s = s.substring(1);
        int nul = s.indexOf('\0');
        if (nul >= 0) {
            int line = firstLine;
            for (int i = 0; i < nul; i++) if (s.charAt(i) == '\n') line++;
            throw ShapeFormatException.atLine(file, line, "NUL character in text; expected a text file");
        }
        return new TextLines(file, s, firstLine);
    }

    /** True when the content starts with a UTF-16 byte-order mark. */
    static boolean isUtf16(byte[] data) {
        return data.length >= 2
                && ((data[0] == (byte) 0xFE && data[1] == (byte) 0xFF)
                        || (data[0] == (byte) 0xFF && data[1] == (byte) 0xFE));
    }

    /** UTF-16 content (with its byte-order mark) re-encoded as UTF-8, so byte-level format detection sees ASCII. */
    static byte[] utf16ToUtf8(byte[] data) {
        return new String(data, StandardCharsets.UTF_16).getBytes(StandardCharsets.UTF_8);
    }

    private static String decodeText(byte[] data, int offset) {
        int len = data.length - offset;
        if (offset == 0 && isUtf16(data)) return new String(data, StandardCharsets.UTF_16);
        CharsetDecoder dec = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return dec.decode(ByteBuffer.wrap(data, offset, len)).toString();
        } catch (CharacterCodingException e) {
            return new String(data, offset, len, StandardCharsets.ISO_8859_1);
        }
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
    String line() {
        return line;
    }

    /** The current line's 1-based number. */
    int lineNumber() {
        return lineNumber;
    }

    Path file() {
        return file;
    }

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
        return Numbers.finiteFloat(
                d, () -> error("'" + abbreviate(token) + "' is not a finite float; expected a finite " + what));
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
