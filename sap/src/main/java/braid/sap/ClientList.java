package braid.sap;

import java.util.List;

/**
 * The complete client list of one fetch, with what was left out and why.
 *
 * @param clients      the clients in server order (blocked and archived partners left out)
 * @param fetched      distinct partners received (equals the server's {@code __count})
 * @param blocked      partners left out because {@code BusinessPartnerIsBlocked}
 * @param archived     partners left out because {@code IsMarkedForArchiving} (blocked ones are counted as blocked)
 * @param invalid      clients whose chosen e-mail address is syntactically invalid (their {@code email} is null)
 * @param withoutEmail clients without any e-mail address
 */
public record ClientList(List<SapClient> clients, int fetched, int blocked, int archived,
                         List<InvalidEmail> invalid, int withoutEmail) {
    public ClientList {
        clients = List.copyOf(clients);
        invalid = List.copyOf(invalid);
    }

    /** A one-line summary, e.g. {@code fetched 120, listed 110, left out 10 (blocked 7, archived 3), ...}. */
    public String summary() {
        return "fetched " + fetched + ", listed " + clients.size() + ", left out " + (blocked + archived)
                + " (blocked " + blocked + ", archived " + archived + "), invalid e-mail " + invalid.size()
                + ", without e-mail " + withoutEmail;
    }
}
