package braid.sap;

import braid.core.Clock;
import braid.core.Engine;
import braid.core.RunFailedException;
import braid.sandbox.SapStandIn;

/** Runs a fetch in an engine, as the daily report does, and unwraps the failure. */
final class Fetch {
    private Fetch() {}

    static SapSettings.Builder settings(SapStandIn sap) {
        return SapSettings.builder(sap.serviceRoot()).pageSize(100).concurrency(4)
                .pageTimeout(java.time.Duration.ofSeconds(10));
    }

    static ClientList run(Clock clock, SapSettings settings) throws SapException {
        try (BusinessPartnerClient client = BusinessPartnerClient.create(settings)) {
            Engine engine = Engine.builder().clock(clock).limit(settings.resource(), settings.concurrency()).build();
            return engine.scope("test", s -> s.fork("sap", client::fetchClients).join());
        } catch (RunFailedException e) {
            Throwable t = e;
            while (t != null) {
                if (t instanceof SapException s) {
                    throw s;
                }
                t = t.getCause();
            }
            throw e;
        }
    }

    static ClientList run(SapSettings settings) throws SapException {
        return run(Clock.system(), settings);
    }
}
