package braid.report.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test support: a minimal valid config and a way to write and edit config files. */
final class ConfigFiles {

    static final String MINIMAL = """
            company:
              name: Example GmbH
            logs:
              access: [/var/log/apache2/access.log]
            sap:
              url: https://sap.example.com/sap/opu/odata/sap/API_BUSINESS_PARTNER
              auth:
                type: basic
                user: REPORTS
                password: ${SAP_PASSWORD}
            mail:
              smtp:
                host: smtp.example.com
              from: Example Reports <reports@example.com>
            """;

    private ConfigFiles() {
    }

    static Path write(Path dir, String yaml) {
        try {
            Path file = dir.resolve("braid.yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes an empty PKCS12 trust store (enough to test opening it with the right password). */
    static void writeTrustStore(Path file, String password) {
        try (var out = Files.newOutputStream(file)) {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.store(out, password.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Removes the key at a dotted path, with everything indented below it, from block-style YAML
     * written with two-space indentation (as the test configs are).
     */
    static String without(String yaml, String dottedPath) {
        String[] parts = dottedPath.split("\\.");
        List<String> lines = new ArrayList<>(List.of(yaml.split("\n", -1)));
        int from = 0;
        int to = lines.size();
        int found = -1;
        for (int depth = 0; depth < parts.length; depth++) {
            String prefix = "  ".repeat(depth) + parts[depth] + ":";
            found = -1;
            for (int i = from; i < to; i++) {
                if (lines.get(i).startsWith(prefix)) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                throw new IllegalArgumentException("no key " + dottedPath + " in test YAML");
            }
            from = found + 1;
            to = endOfBlock(lines, found, depth);
        }
        for (int i = to - 1; i >= found; i--) {
            lines.remove(i);
        }
        return String.join("\n", lines);
    }

    private static int endOfBlock(List<String> lines, int start, int depth) {
        String childIndent = "  ".repeat(depth + 1);
        int i = start + 1;
        while (i < lines.size() && lines.get(i).startsWith(childIndent)) {
            i++;
        }
        return i;
    }
}
