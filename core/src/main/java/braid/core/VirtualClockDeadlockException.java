package braid.core;

import java.util.List;

/**
 * A run on a {@link VirtualClock} could never move again: every task waits (for a permit, a fork, another task) and
 * no timer is due. The run fails with this instead of hanging; the message names each blocked task and what it
 * waits for.
 */
public final class VirtualClockDeadlockException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> blocked;

    VirtualClockDeadlockException(String message, List<String> blocked) {
        super(message);
        this.blocked = List.copyOf(blocked);
    }

    /** Each blocked task and what it waits for, in words. */
    public List<String> blocked() {
        return blocked;
    }
}
