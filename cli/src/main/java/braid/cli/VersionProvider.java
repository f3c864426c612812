package braid.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version and build commit written into the jar at build time. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/braid-version.properties")) {
            if (in != null) p.load(in);
        }
        String commit = p.getProperty("commit", "");
        if (commit.isBlank() || commit.startsWith("${")) commit = "unknown"; // built outside a git checkout
        if ("true".equals(p.getProperty("dirty"))) commit += ", with uncommitted changes";
        return new String[] {"braid " + p.getProperty("version", "unknown") + " (commit " + commit + ")"};
    }
}
