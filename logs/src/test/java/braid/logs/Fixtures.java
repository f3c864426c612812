package braid.logs;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Locates the test fixtures copied into src/test/resources (see fixtures/SOURCES.md). */
final class Fixtures {
    private Fixtures() {}

    static Path path(String resource) {
        URL url = Fixtures.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalArgumentException("missing test resource: " + resource);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
