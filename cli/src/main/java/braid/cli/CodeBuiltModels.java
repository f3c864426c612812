package braid.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What the commands whose picocli model is built in code ({@link LogsCommand}, {@link HealthCommand}) share: reading
 * annotations costs a cold start a dynamic proxy class per annotation type, which JDK 25's AOT cache cannot hold.
 */
final class CodeBuiltModels {
    private CodeBuiltModels() {}

    /** What {@code mixinStandardHelpOptions} adds, in picocli's words (its AutoHelpMixin is read from annotations). */
    static void standardHelpOptions(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).description("Print version information and exit.").build());
    }

    /** An exit-code list in order: code, words, code, words… */
    static Map<String, String> exitCodes(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put(keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }

    /** The value picocli parsed into {@code spec}'s option {@code name}. */
    static <T> @Nullable T value(CommandSpec spec, String name) {
        return Objects.requireNonNull(spec.findOption(name), name).getValue();
    }
}
