package braid.report.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until its connector lands. */
@Command(name = "news", description = "Not implemented yet.")
public final class NewsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("not implemented yet");
        return 1;
    }
}
