package braid.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

    @Test
    void aServerThatNeverAnswersReadsTheSameWhicheverTimerFiresFirst() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                HttpClient client = HttpClient.newHttpClient()) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) held.add(silent.accept());
                } catch (java.io.IOException e) {
                    // closed at the end
                }
            });
            URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/");
            Duration t = Duration.ofMillis(150);
            // the request's own timeout and the wait are the same length: they race; 20 tries meet both orders
            for (int i = 0; i < 20; i++) {
                HttpRequest req = HttpRequest.newBuilder(uri).timeout(t).build();
                assertThatThrownBy(() -> Deadlines.send(client, req, HttpResponse.BodyHandlers.ofString(), t, t))
                        .isInstanceOf(IncompleteAnswerException.class)
                        .hasMessage("no complete answer from 127.0.0.1:" + silent.getLocalPort() + " within 150 ms");
            }
        } finally {
            for (Socket s : held) s.close();
        }
    }

    @Test
    void theBodyCountsAndOtherFailuresComeUnwrapped() throws Exception {
        HttpServer trickle = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        trickle.createContext("/", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream o = ex.getResponseBody()) {
                for (int i = 0; i < 50; i++) {
                    o.write('x');
                    o.flush();
                    Thread.sleep(100);
                }
            } catch (java.io.IOException | InterruptedException e) {
                // the client gave up
            }
        });
        trickle.start();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            URI uri = URI.create("http://127.0.0.1:" + trickle.getAddress().getPort() + "/slow");
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
            long t0 = System.nanoTime();
            // headers come at once (the request's timeout is met), the body trickles: the whole answer is late
            assertThatThrownBy(() -> Deadlines.send(client, req, HttpResponse.BodyHandlers.ofString(), Duration.ofMillis(400),
                    Duration.ofMillis(400))).isInstanceOf(IncompleteAnswerException.class);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3_000);

            HttpRequest refused = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closedPort + "/")).build();
            assertThatThrownBy(() -> Deadlines.send(client, refused, HttpResponse.BodyHandlers.ofString(), Duration.ofSeconds(5),
                    Duration.ofSeconds(5))).isInstanceOf(ConnectException.class);
        } finally {
            trickle.stop(0);
        }
    }
}
