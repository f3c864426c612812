package braid.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.stream.Stream;

/**
 * The tests' name resolution: {@value #TWO} has two addresses, 127.0.0.9 first (where nothing listens) and then
 * 127.0.0.1, as a site with an old server left in its DNS; every other name is the system's. Installed for this
 * module's test JVM through {@code META-INF/services}.
 */
public final class TestResolver extends InetAddressResolverProvider {
    /** A name with a dead address before a live one. */
    public static final String TWO = "two-addresses.test";

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver system = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                if (host.equalsIgnoreCase(TWO)) {
                    return Stream.of(InetAddress.getByAddress(TWO, new byte[]{127, 0, 0, 9}),
                            InetAddress.getByAddress(TWO, new byte[]{127, 0, 0, 1}));
                }
                return system.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return system.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "braid tests";
    }
}
