package braid.health;

import braid.core.Clock;
import java.nio.file.Path;

/**
 * Runs the checks of a health configuration and prints "STATUS message" per check: the child process of
 * {@link JournalCheckTest#asAUserWhoMayNotReadTheJournalItIsUnknownAndSaysWhy} (a JVM of another user: tests run as root,
 * who may read every file).
 */
public final class JournalAsUser {
    private JournalAsUser() {}

    public static void main(String[] args) throws Exception {
        HealthChecks config = HealthChecks.read(Path.of(args[0]));
        for (CheckResult r : new HealthRunner(config, Clock.system(), HealthSources.NONE).run(config)) {
            System.out.println(r.status() + " " + r.message());
        }
    }
}
