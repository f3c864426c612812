package braid.report;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.Clock;
import braid.report.config.BraidConfig;
import braid.report.demo.DemoEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The website and SAP are reached through the proxy of the config or of the environment (https_proxy). */
class ProxyTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);

    /**
     * A forward proxy for plain-HTTP targets: reads the request line (absolute-form URI), remembers
     * it, connects to the target and relays bytes both ways. Enough to prove that requests go
     * through it; written here because the JDK has no proxy server.
     */
    static final class RecordingProxy implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<String> requestLines = new CopyOnWriteArrayList<>();

        RecordingProxy() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Thread.ofVirtual().start(() -> relay(client));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        private void relay(Socket client) {
            try (client) {
                InputStream in = client.getInputStream();
                StringBuilder line = new StringBuilder();
                int c;
                while ((c = in.read()) != -1 && c != '\n') line.append((char) c);
                String first = line.toString().strip();
                requestLines.add(first);
                URI target = URI.create(first.split(" ")[1]);
                try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
                    OutputStream up = upstream.getOutputStream();
                    up.write((first + "\r\n").getBytes(StandardCharsets.ISO_8859_1)); // origin servers accept absolute-form
                    Thread t = Thread.ofVirtual().start(() -> copy(in, up));
                    copy(upstream.getInputStream(), client.getOutputStream());
                    t.join(5_000);
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                // connection ended
            }
        }

        private static void copy(InputStream in, OutputStream out) {
            try {
                in.transferTo(out);
                out.flush();
            } catch (IOException e) {
                // one side closed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    int run(DemoEnvironment env, Path config, Map<String, String> envVars) throws Exception {
        BraidConfig cfg = BraidConfig.load(config, envVars);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = new ReportRun(cfg, ReportOptions.DEFAULT.withDate(DAY).withDryRun(true), envVars, Clock.system(), ps, ps, false).run().exitCode();
        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return code;
    }

    @Test
    void websiteAndSapGoThroughTheConfiguredProxy(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("env"), DAY, DemoEnvironment.Latency.NONE);
             RecordingProxy proxy = new RecordingProxy()) {
            String yaml = Files.readString(env.config())
                    .replace("  timeout: 10s\n", "  timeout: 10s\n  proxy: http://127.0.0.1:" + proxy.port() + "\n")
                    .replace("  sapClient: \"100\"\n", "  sapClient: \"100\"\n  proxy: http://127.0.0.1:" + proxy.port() + "\n");
            Path cfg = dir.resolve("proxied.yaml");
            Files.writeString(cfg, yaml);
            run(env, cfg, env.env());
            assertThat(proxy.requestLines).anySatisfy(l -> assertThat(l).startsWith("GET " + env.website().newsPageUri()));
            assertThat(proxy.requestLines).anySatisfy(l -> assertThat(l).contains(env.sap().serviceRoot() + "/A_BusinessPartner"));
        }
    }

    @Test
    void theEnvironmentsProxyIsUsedUnlessTheConfigSaysNone(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("env"), DAY, DemoEnvironment.Latency.NONE);
             RecordingProxy proxy = new RecordingProxy()) {
            Map<String, String> vars = new java.util.HashMap<>(env.env());
            vars.put("https_proxy", "http://127.0.0.1:" + proxy.port());
            run(env, env.config(), vars);
            assertThat(proxy.requestLines).isNotEmpty();

            proxy.requestLines.clear();
            String yaml = Files.readString(env.config())
                    .replace("  timeout: 10s\n", "  timeout: 10s\n  proxy: none\n")
                    .replace("  sapClient: \"100\"\n", "  sapClient: \"100\"\n  proxy: none\n");
            Path cfg = dir.resolve("direct.yaml");
            Files.writeString(cfg, yaml);
            run(env, cfg, vars);
            assertThat(proxy.requestLines).isEmpty();
        }
    }
}
