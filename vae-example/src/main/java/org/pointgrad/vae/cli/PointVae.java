package org.pointgrad.vae.cli;

import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pointvae} command line: train and use the point-cloud VAE. Exit codes: 0 success, 2 bad usage or bad
 * input (one line naming the file and the problem; the stack trace with --verbose), 1 anything else.
 */
@Command(name = "pointvae", mixinStandardHelpOptions = true, version = "pointvae 0.1.0",
        description = "Train, inspect and sample an AtlasNet-style point-cloud VAE (pure Java).",
        subcommands = {PrepareCommand.class, TrainCommand.class, ReconstructCommand.class, SampleCommand.class,
                InterpolateCommand.class,
                EvalCommand.class, DiagnoseCommand.class, SweepCommand.class, FitPriorCommand.class, ChamferCommand.class, RenderCommand.class, AirplanesCommand.class,
                CommandLine.HelpCommand.class})
public final class PointVae implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of " + spec.subcommands().keySet());
    }

    /** Runs the command line and returns the exit code (used by tests and by {@link #main}). */
    public static int execute(String... args) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cl = new CommandLine(new PointVae());
        cl.setExecutionExceptionHandler(PointVae::handle);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("pointvae: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return 2;
        });
        return cl.execute(args);
    }

    private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult pr) {
        PrintWriter err = cl.getErr();
        boolean verbose = pr != null && isVerbose(pr);
        boolean badInput = ex instanceof IOException || ex instanceof IllegalArgumentException || ex instanceof java.io.UncheckedIOException;
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        err.println("pointvae: " + (badInput ? "" : ex.getClass().getSimpleName() + ": ") + msg.lines().findFirst().orElse(msg));
        if (verbose) ex.printStackTrace(err);
        else if (!badInput) err.println("(run with --verbose for the stack trace)");
        err.flush();
        return badInput ? 2 : 1;
    }

    private static boolean isVerbose(CommandLine.ParseResult pr) {
        for (CommandLine.ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) return true;
        }
        return false;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
