package braid.report.config;

import java.util.List;

/**
 * Thrown when a configuration file cannot be read or is invalid; carries every problem found.
 *
 * <p>The loader collects all problems of a file before throwing, so one run of {@code braid}
 * shows them all. The CLI maps this exception to exit code 2. Immutable.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    /** Creates the exception; {@code problems} must not be empty. */
    public ConfigException(List<ConfigProblem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /** All problems, in file order. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String format(List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        if (problems.size() == 1) {
            return problems.getFirst().toString();
        }
        StringBuilder sb = new StringBuilder().append(problems.size()).append(" problems in ")
                .append(problems.getFirst().file()).append(':');
        for (ConfigProblem p : problems) {
            sb.append("\n  ").append(p);
        }
        return sb.toString();
    }
}
