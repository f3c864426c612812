package braid.report.cli;

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
        return new String[] {"braid " + p.getProperty("version", "unknown") + " (commit " + p.getProperty("commit", "unknown") + ")"};
    }
}
