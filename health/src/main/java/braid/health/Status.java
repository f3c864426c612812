package braid.health;

/** A check's status, as Nagios and Icinga read it; the exit code of {@code braid health} is the worst one's. */
public enum Status {
    OK(0), WARNING(1), CRITICAL(2), UNKNOWN(3);

    private final int exitCode;

    Status(int exitCode) {
        this.exitCode = exitCode;
    }

    /** Nagios's plugin exit code: 0, 1, 2, 3. */
    public int exitCode() {
        return exitCode;
    }

    /** The worse of two: CRITICAL over WARNING over UNKNOWN over OK (as Nagios ranks a host's services). */
    public Status worse(Status other) {
        return rank(other) > rank(this) ? other : this;
    }

    /** Nagios's severity order: OK 0, UNKNOWN 1, WARNING 2, CRITICAL 3. */
    static int rank(Status s) {
        return switch (s) {
            case OK -> 0;
            case UNKNOWN -> 1;
            case WARNING -> 2;
            case CRITICAL -> 3;
        };
    }
}
