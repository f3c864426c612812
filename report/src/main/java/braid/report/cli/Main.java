package braid.report.cli;

import picocli.CommandLine;

/** Entry point of the {@code braid} command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new BraidCommand());
    }
}
