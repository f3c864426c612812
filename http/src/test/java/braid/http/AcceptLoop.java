package braid.http;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/** The tests' servers: every accepted connection (counted, 1-based) handled on a virtual thread of its own, until closed. */
final class AcceptLoop {
    /** What a test's server does with one connection; what a failure means is for the test (the client) to say. */
    interface Handler {
        void on(Socket socket, int connection) throws Exception;
    }

    private AcceptLoop() {}

    static void start(ServerSocket server, AtomicInteger connections, Handler handler) {
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    int n = connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            handler.on(s, n);
                        } catch (Exception e) {
                            // the test decides what a failure means
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }
}
