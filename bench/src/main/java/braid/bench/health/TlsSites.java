package braid.bench.health;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The loopback HTTPS sites of the health benchmark (issue 15): {@code --hosts N} addresses 127.0.2.1, 127.0.2.2, …
 * on one port, each answering every path with 200 after {@code --latency-ms} (virtual threads, so a slow answer holds
 * no platform thread). The certificate is {@code --keystore} (PKCS12, {@code --password}), made by bench/health/run
 * with every address in its subject alternative names. {@code /__stats} (on the first host) tells the most requests
 * ever in flight at once; prints {@code READY <port>} when it listens. Runs until killed.
 */
public final class TlsSites {
    private TlsSites() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i], args[i + 1]);
        int hosts = Integer.parseInt(a.getOrDefault("--hosts", "100"));
        long latency = Long.parseLong(a.getOrDefault("--latency-ms", "200"));
        char[] pw = a.getOrDefault("--password", "changeit").toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(a.get("--keystore")))) {
            ks.load(in, pw);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        java.util.Set<java.net.InetSocketAddress> connections = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int attempt = 0; ; attempt++) {
            List<HttpsServer> servers = new ArrayList<>();
            int port = 0;
            try {
                for (int h = 1; h <= hosts; h++) {
                    HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.2." + h), port), 1000);
                    servers.add(s);
                    port = s.getAddress().getPort();
                    s.setHttpsConfigurator(new HttpsConfigurator(tls));
                    s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
                    s.createContext("/", ex -> {
                        if (ex.getRequestURI().getPath().equals("/__stats")) {
                            byte[] b = ("{\"requests\": " + requests.get() + ", \"maxInFlight\": " + maxInFlight.get()
                                    + ", \"connections\": " + connections.size() + "}")
                                    .getBytes(StandardCharsets.UTF_8);
                            ex.sendResponseHeaders(200, b.length);
                            ex.getResponseBody().write(b);
                            ex.close();
                            return;
                        }
                        if (ex.getRequestURI().getPath().equals("/__reset")) {
                            requests.set(0);
                            maxInFlight.set(0);
                            connections.clear();
                            ex.sendResponseHeaders(204, -1);
                            ex.close();
                            return;
                        }
                        requests.incrementAndGet();
                        connections.add(ex.getRemoteAddress());
                        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        try {
                            Thread.sleep(latency);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        inFlight.decrementAndGet();
                        byte[] b = "<html><body>Add to cart</body></html>".getBytes(StandardCharsets.UTF_8);
                        ex.getResponseHeaders().set("Content-Type", "text/html");
                        ex.sendResponseHeaders(200, b.length);
                        ex.getResponseBody().write(b);
                        ex.close();
                    });
                }
            } catch (BindException e) {
                // the port of the first address is taken on another one: try another
                servers.forEach(s -> s.stop(0));
                if (attempt > 20) throw e;
                continue;
            }
            servers.forEach(HttpsServer::start);
            System.out.println("READY " + port);
            System.out.flush();
            Thread.currentThread().join();
        }
    }
}
