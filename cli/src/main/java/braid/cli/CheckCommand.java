package braid.cli;

import org.jspecify.annotations.Nullable;
import braid.core.Clock;
import braid.report.check.Preflight;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code braid check}: tries every system the daily report needs, at once, without sending anything. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Checks the configuration and every system the daily report needs, at once, without sending anything: "
                + "reads one partner from SAP, opens and closes an SMTP session (EHLO, STARTTLS, AUTH, QUIT), reads the website's news, "
                + "checks that the log files of the report day exist and can be read, and that the state directory is writable. "
                + "Prints one line per check.",
                "",
                "An optional website that fails still fails the check: the run would go out without news, and a warning is not a pass."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every check passed", "1:a check failed", "2:bad usage or configuration"})
public final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "braid.yaml (see docs/configuration.md).")
    Path config;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", converter = IsoDate.class, description = "The report day whose log files are checked (default: yesterday in company.timeZone).")
    @Nullable LocalDate date;

    @Override
    public Integer call() throws Exception {
        LocalDate day = date;
        return Preflight.runAndPrint(config, day, System.getenv(), Clock.system(), System.out, System.err);
    }
}
