package braid.report.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The top-level {@code braid} command; everything happens in its subcommands. */
@Command(name = "braid", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        scope = ScopeType.INHERIT,
        description = "Runs the daily client report with its waits overlapped.",
        subcommands = {ReportCommand.class, CheckCommand.class, DemoCommand.class, SandboxCommand.class, NewsCommand.class, LogsCommand.class, SapCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:everything that could be done was done", "1:the run failed",
                "2:bad usage or configuration", "3:partial (some e-mails failed or are uncertain)"})
public final class BraidCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
