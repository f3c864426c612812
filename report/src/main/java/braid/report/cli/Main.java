package braid.report.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of the {@code braid} command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // UTF-8 whatever the locale: task names, client names and symbols must survive cron's C locale
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        CommandLine cl = commandLine();
        cl.setOut(new PrintWriter(System.out, true));
        cl.setErr(new PrintWriter(System.err, true));
        System.exit(cl.execute(args));
    }

    /** The configured command line, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new BraidCommand());
    }
}
