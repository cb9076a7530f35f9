package org.pointgrad.pointcloud.io;

import java.util.Arrays;

/**
 * Reads the vertex and face statements of an OBJ file straight from its bytes, for the usual file: ASCII outside
 * comments, no NUL byte, no byte-order mark, no line continuation, and nothing {@link ObjReader}'s text path would
 * refuse. It gives up (returns false) on anything else, leaving the text path to read the file or to name the error;
 * on what it accepts it yields exactly the statements the text path yields (see ObjByteScannerProperties).
 */
final class ObjByteScanner {
    private ObjByteScanner() {}

    /** Fills {@code s} from {@code d} and returns true, or returns false (with {@code s} partly filled). */
    static boolean scan(byte[] d, ObjReader.Statements s) {
        int n = d.length;
        if (n >= 3 && d[0] == (byte) 0xEF && d[1] == (byte) 0xBB && d[2] == (byte) 0xBF) return false;
        int[] tokenStart = new int[8], tokenEnd = new int[8];
        int pos = 0, line = 0;
        while (pos < n) {
            line++;
            int end = pos, content = -1;
            for (; end < n; end++) {
                byte c = d[end];
                if (c == '\n') break;
                if (c == 0) return false;
                if (content < 0) {
                    if (c == '#') content = end;
                    // Bytes the text path decodes or trims differently: non-ASCII, control characters that are not
                    // whitespace, and the continuation backslash.
                    else if (c < 0 || c == '\\' || c == 127 || (c < 32 && !isWhitespace(c))) return false;
                }
            }
            if (content < 0) content = end;
            int next = end + 1;
            int k = 0;
            for (int i = pos; i < content; ) {
                while (i < content && isWhitespace(d[i])) i++;
                if (i == content) break;
                if (k == tokenStart.length) {
                    tokenStart = Arrays.copyOf(tokenStart, 2 * k);
                    tokenEnd = Arrays.copyOf(tokenEnd, 2 * k);
                }
                tokenStart[k] = i;
                while (i < content && !isWhitespace(d[i])) i++;
                tokenEnd[k++] = i;
            }
            pos = next;
            if (k == 0 || tokenEnd[0] - tokenStart[0] != 1) continue;
            byte kind = d[tokenStart[0]];
            if (kind == 'v') {
                if (k < 4) return false;
                for (int t = 1; t <= 3; t++) {
                    float f;
                    try {
                        f = (float) AsciiDecimal.parse(d, tokenStart[t], tokenEnd[t]);
                    } catch (NumberFormatException e) {
                        return false;
                    }
                    if (!Float.isFinite(f)) return false;
                    s.v.add(f);
                }
            } else if (kind == 'f') {
                if (k < 4) return false;
                int defined = s.v.size() / 3;
                s.faceStart.add(s.corners.size());
                s.faceLine.add(line);
                for (int t = 1; t < k; t++) {
                    int raw = vertexIndex(d, tokenStart[t], tokenEnd[t]);
                    if (raw == 0) return false;
                    int abs = raw > 0 ? raw - 1 : defined + raw;
                    if (abs < 0) return false;
                    s.corners.add(abs);
                }
            }
        }
        return true;
    }

    /** The index before a corner's first '/', or 0 when it is not a plain integer of at most 9 digits. */
    private static int vertexIndex(byte[] d, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (d[i] == '-' || d[i] == '+')) negative = d[i++] == '-';
        int start = i, value = 0;
        for (; i < to && d[i] != '/'; i++) {
            byte c = d[i];
            if (c < '0' || c > '9' || i - start >= 9) return 0;
            value = value * 10 + (c - '0');
        }
        if (i == start) return 0;
        return negative ? -value : value;
    }

    /** {@link Character#isWhitespace} for an ASCII byte. */
    private static boolean isWhitespace(byte c) {
        return c == ' ' || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
    }
}
