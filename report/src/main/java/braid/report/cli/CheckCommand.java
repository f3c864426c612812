package braid.report.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the check lands. */
@Command(name = "check", description = "Not implemented yet.")
public final class CheckCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("not implemented yet");
        return 1;
    }
}
