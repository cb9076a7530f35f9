package org.pointgrad.vae.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pointvae} command line: train and use the point-cloud VAE. Every failure is one line naming the file,
 * what is wrong and what to do (the stack trace with --verbose); the exit codes are listed in {@link #EXIT_CODES}.
 */
@Command(
        name = "pointvae",
        mixinStandardHelpOptions = true,
        version = "pointvae 0.1.0",
        description = "Train, inspect and sample an AtlasNet-style point-cloud VAE (pure Java).",
        subcommands = {
            PrepareCommand.class,
            TrainCommand.class,
            ReconstructCommand.class,
            SampleCommand.class,
            InterpolateCommand.class,
            EvalCommand.class,
            DiagnoseCommand.class,
            SweepCommand.class,
            FitPriorCommand.class,
            ChamferCommand.class,
            RenderCommand.class,
            AirplanesCommand.class,
            CommandLine.HelpCommand.class
        })
public final class PointVae implements Runnable {
    /** The exit codes, as every command's help lists them. */
    static final Map<String, String> EXIT_CODES = exitCodes();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "missing command: choose one of " + spec.subcommands().keySet());
    }

    /** Runs the command line and returns the exit code (used by tests and by {@link #main}). */
    public static int execute(String... args) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cl = new CommandLine(new PointVae());
        // An empty path would silently mean the current folder.
        cl.registerConverter(Path.class, s -> {
            if (s.isBlank()) throw new CommandLine.TypeConversionException("an empty path; give a file or folder name");
            return Path.of(s);
        });
        listExitCodes(cl);
        cl.setExecutionExceptionHandler((ex, c, pr) -> report(ex, c.getErr(), pr));
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("pointvae: " + ex.getMessage() + " (try '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help')");
            err.flush();
            return CliErrors.BAD_INPUT;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // picocli passes Errors through; they still get the one-line treatment.
            return report(e, cl.getErr(), cl.getParseResult());
        }
    }

    private static int report(Throwable ex, PrintWriter err, CommandLine.ParseResult pr) {
        CliErrors.Failure f = CliErrors.describe(ex);
        err.println("pointvae: " + f.line());
        if (pr != null && isVerbose(pr)) ex.printStackTrace(err);
        err.flush();
        return f.exitCode();
    }

    private static void listExitCodes(CommandLine cl) {
        cl.getCommandSpec()
                .usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(EXIT_CODES);
        for (CommandLine sub : cl.getSubcommands().values()) listExitCodes(sub);
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(CliErrors.OK + "", "success");
        m.put(CliErrors.FAILURE + "", "failure that is not the input's fault: out of memory, full disk, a defect");
        m.put(
                CliErrors.BAD_INPUT + "",
                "bad usage or bad input: an unknown option or bad value, a missing, unreadable or "
                        + "malformed file, an unusable --out");
        m.put(CliErrors.INTERRUPTED + "", "stopped by Ctrl-C (train keeps its last checkpoint: --resume continues)");
        return m;
    }

    private static boolean isVerbose(CommandLine.ParseResult pr) {
        for (CommandLine.ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) return true;
        }
        return false;
    }

    /** Runs the command line and exits with its code (0, 1, 2, or 130 when interrupted). */
    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
