package braid.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The top-level {@code braid} command; everything happens in its subcommands, which {@link Main#commandLine} adds
 * (all of them, or only the one a command line names: picocli's model of every command costs start-up time).
 */
@Command(name = "braid", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        scope = ScopeType.INHERIT,
        description = "Runs the daily client report with its waits overlapped.",
        footerHeading = "%nGetting started:%n",
        footer = {"  braid demo                          the daily job on embedded services",
                "  braid demo --scenario seed          the tutorial's 40 → 23 minutes",
                "  braid demo --print-config           a starting braid.yaml",
                "  braid check -c braid.yaml           can every system be reached?",
                "  braid report run -c braid.yaml      the daily report (--dry-run: no mail)",
                "Configuration: docs/configuration.md. Every command has --help."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:everything that could be done was done", "1:the run failed",
                "2:bad usage or configuration", "3:partial (some e-mails failed or are uncertain)"})
public final class BraidCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        Main.missingSubcommand(spec);
    }
}
