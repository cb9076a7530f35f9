package org.pointgrad.vae.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns any failure of a command into the one line the user sees and the exit code: 2 when the input or an
 * option is at fault (a missing, unreadable or malformed file, a bad value), 1 otherwise (full disk, out of memory,
 * a defect). The line names the file, says what is wrong and what to do.
 */
final class CliErrors {
    /** Exit code of a successful command. */
    static final int OK = 0;
    /** Exit code of a failure that is not the input's fault. */
    static final int FAILURE = 1;
    /** Exit code of bad usage or bad input. */
    static final int BAD_INPUT = 2;
    /** Exit code of a command stopped by Ctrl-C (SIGINT: 128 + 2). */
    static final int INTERRUPTED = 130;

    private static final String MORE_HEAP = "give Java more heap, e.g. POINTVAE_JAVA_OPTS=-Xmx8g ./pointvae ...";

    private CliErrors() {}

    /** What the user is told, and the exit code. */
    record Failure(String line, int exitCode) {}

    /** An input file, read as some number of points, too large for the heap; {@link #describe} names it. */
    static final class InputTooLarge extends OutOfMemoryError {
        private static final long serialVersionUID = 1L;

        InputTooLarge(Path file, int points) {
            super(file + ": reading it as " + points + " points needs more memory than the Java heap has");
        }
    }

    /** The one-line message (without the "pointvae: " prefix) and exit code for {@code error}. */
    static Failure describe(Throwable error) {
        Throwable t = unwrap(error);
        if (t instanceof OutOfMemoryError) {
            long mb = Runtime.getRuntime().maxMemory() >> 20;
            String what = t instanceof InputTooLarge ? t.getMessage() : "out of memory (" + firstLine(t) + ")";
            return new Failure(
                    what + "; the heap holds at most " + mb + " MB: " + MORE_HEAP
                            + ", or use fewer --points or a smaller file",
                    FAILURE);
        }
        if (t instanceof FileSystemException fs && fs.getFile() != null) return describeFile(fs);
        if (t instanceof IOException) {
            String m = firstLine(t);
            if (isFullDisk(m)) return new Failure(m + "; free some space or write elsewhere", FAILURE);
            if (m.equalsIgnoreCase("is a directory")) {
                return new Failure(
                        "a folder was given where a file is expected; check the paths " + "(--verbose shows where)",
                        BAD_INPUT);
            }
            return new Failure(m, BAD_INPUT);
        }
        if (t instanceof IllegalArgumentException) return new Failure(firstLine(t), BAD_INPUT);
        return new Failure(
                t.getClass().getSimpleName() + ": " + firstLine(t) + " (run with --verbose for the stack trace)",
                FAILURE);
    }

    private static Failure describeFile(FileSystemException fs) {
        String file = fs.getFile();
        String reason = fs.getReason() == null ? "" : fs.getReason();
        String r = reason.toLowerCase(Locale.ROOT);
        if (fs instanceof NoSuchFileException) {
            String virtual = CliSupport.onVirtualFileSystem(Path.of(file));
            return new Failure(
                    file + ": " + (virtual != null ? virtual : "no such file or folder; check the path"), BAD_INPUT);
        }
        if (fs instanceof AccessDeniedException
                || r.contains("permission denied")
                || r.contains("operation not permitted")) {
            return new Failure(
                    file + ": permission denied (" + (reason.isEmpty() ? "access denied" : reason)
                            + "); check the permissions of the file and its folder, or use another path",
                    BAD_INPUT);
        }
        if (fs instanceof FileAlreadyExistsException) {
            return new Failure(
                    file + ": exists and is not a folder; choose another --out or remove the file", BAD_INPUT);
        }
        if (fs instanceof NotDirectoryException || r.equals("not a directory")) {
            return new Failure(file + ": part of this path is a file, not a folder; check the path", BAD_INPUT);
        }
        if (r.equals("is a directory")) return new Failure(file + ": is a folder; expected a file", BAD_INPUT);
        if (isFullDisk(reason)) {
            return new Failure(
                    file + ": " + reason + "; free some space or write elsewhere (an existing file of "
                            + "this name is kept as it was)",
                    FAILURE);
        }
        if (r.contains("read-only file system")) {
            return new Failure(file + ": the file system is read-only; write elsewhere", BAD_INPUT);
        }
        return new Failure(reason.isEmpty() ? file + ": " + firstLine(fs) : file + ": " + reason, BAD_INPUT);
    }

    private static boolean isFullDisk(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("no space left on device") || m.contains("disk quota exceeded");
    }

    private static Throwable unwrap(Throwable t) {
        Throwable x = t;
        while ((x instanceof UncheckedIOException
                        || x instanceof CompletionException
                        || x instanceof ExecutionException)
                && x.getCause() != null) {
            x = x.getCause();
        }
        return x;
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) return t.getClass().getSimpleName();
        return m.strip().lines().findFirst().orElse(m);
    }
}
