package braid.cli;

import braid.core.Graph;
import braid.core.Policy;
import braid.core.TaskRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The seed tutorial's program as a graph: three waits at once, then the merge. Durations as in
 * the tutorial (15, 5, 12 and 8 minutes); the clock of the engine decides how long they really take.
 */
public final class SeedScenario {
    public static final String WEBSITE = "read website content";
    public static final String LOGS = "analyse yesterday's logs";
    public static final String SAP = "fetch SAP client data";
    public static final String MERGE = "merge and send e-mail";

    private SeedScenario() {}

    /** The graph; {@code say} receives the lines the tutorial prints as things happen. */
    public static Graph graph(java.util.function.Consumer<String> say) {
        Graph.Builder g = Graph.builder("seed");
        TaskRef<String> a = g.add(WEBSITE, ctx -> {
            ctx.sleep(Duration.ofMinutes(15));
            return "Company news and updates";
        });
        TaskRef<String> b = g.add(LOGS, ctx -> {
            ctx.sleep(Duration.ofMinutes(5));
            return "Errors and warnings found in logs";
        });
        TaskRef<Map<String, List<Map<String, String>>>> c = g.add(SAP, ctx -> {
            ctx.sleep(Duration.ofMinutes(12));
            return Map.of("clients", List.of(
                    Map.of("name", "Alice", "email", "alice@example.com"),
                    Map.of("name", "Bob", "email", "bob@example.com")));
        });
        g.add(MERGE, Policy.DEFAULT, List.of(a, b, c), (ctx, in) -> {
            ctx.sleep(Duration.ofMinutes(8));
            say.accept("📧 Email sent to " + in.get(c).getOrDefault("clients", List.of()).size() + " clients.");
            return "Email task complete";
        });
        return g.build();
    }
}
