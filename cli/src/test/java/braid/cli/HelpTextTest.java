package braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Issue 13, part 4: every command's {@code --help} as an 80-column terminal shows it: no URL broken across lines, no
 * literal {@code \$}, placeholders in capitals, DURATION for every duration option, and a footer with the command's
 * own exit codes (only the report run and the status know exit 3; only {@code braid} itself has "Getting started").
 */
class HelpTextTest {
    private static List<CommandLine> all(CommandLine c) {
        List<CommandLine> out = new ArrayList<>(List.of(c));
        c.getSubcommands().values().forEach(s -> out.addAll(all(s)));
        return out;
    }

    private static String help(CommandLine c) {
        return c.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    @Test
    void everyCommandsHelpReadsCleanlyAt80Columns() {
        List<CommandLine> commands = all(Main.commandLine());
        assertThat(commands).hasSizeGreaterThan(10);
        for (CommandLine c : commands) {
            String name = c.getCommandSpec().qualifiedName();
            String help = help(c);
            assertThat(help).as(name).doesNotContain("\\$").doesNotContainPattern("=<[a-zA-Z]");
            for (String line : help.lines().toList()) {
                assertThat(line.length()).as(name + ": " + line).isLessThanOrEqualTo(80);
                assertThat(line).as(name + ": a URL or 'e.g.' broken across lines").doesNotMatch(".*\\bhttps?:$")
                        .doesNotMatch("^\\s*//.*").doesNotMatch(".*\\be\\.$");
            }
            // the synopsis breaks between options, never inside one ("[-t=TIME[:" over "STATE]]" read as two options)
            List<String> lines = help.lines().toList();
            String indent = " ".repeat(("Usage: " + name + " ").length());
            for (int i = 0; i < lines.size() && (i == 0 || lines.get(i).startsWith(indent)); i++) {
                String line = lines.get(i);
                assertThat(line.chars().filter(ch -> ch == '[').count()).as(name + ": synopsis line '" + line + "'")
                        .isEqualTo(line.chars().filter(ch -> ch == ']').count());
            }
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (o.type() == Duration.class) {
                    assertThat(o.paramLabel()).as(name + " " + o.longestName()).isEqualTo("DURATION");
                }
                if (o.arity().max() > 0 && !o.paramLabel().isEmpty()) {
                    assertThat(o.paramLabel()).as(name + " " + o.longestName() + ": placeholder in capitals")
                            .matches("[A-Z0-9=|_.\\-]+(\\.\\.\\.)?|URL\\|none|NAME=VALUE|[A-Z]+\\[:[A-Z]+\\]");
                }
            }
            assertThat(help).as(name + ": its exit codes").contains("Exit codes:");
            boolean partial = name.equals("braid") || name.equals("braid report run") || name.equals("braid report status")
                    || name.equals("braid health"); // Nagios's UNKNOWN
            assertThat(help.contains("\n  3 ")).as(name + " lists exit 3 only where it can happen").isEqualTo(partial);
            assertThat(help.contains("Getting started")).as(name).isEqualTo(name.equals("braid"));
        }
    }

    @Test
    void sapClientsTakesADurationAndNamesItsPlaceholders() {
        String help = help(Main.commandLine().getSubcommands().get("sap").getSubcommands().get("clients"));
        assertThat(help).contains("--timeout=DURATION", "--user=USER", "--client-id=ID", "Raw OData $filter", "$top per page");
        assertThat(help).contains("  http://proxy:3128 or").contains("  http://user@proxy:3128");
    }
}
