package braid.mail.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets for SMTP connections (also under STARTTLS, which layers TLS over them), each handed to the connection
 * that made it: the connection closes it when its worker is interrupted, because a platform thread's socket read
 * ignores interrupts (see {@link SmtpConnection#abort}). Angus takes a socket factory as a session property; its
 * own sockets are otherwise out of reach.
 *
 * <p>TCP_NODELAY is not set: measured with MailBench on loopback it halved the rate (2,600 against 5,000 messages/s,
 * latency-bound), while Nagle's algorithm lets the pipelined RCPT TO and DATA travel in one segment.
 */
final class OwnSockets extends SocketFactory {
    static final OwnSockets INSTANCE = new OwnSockets();

    private OwnSockets() {
    }

    /** The socket last made on each thread: the connection that asked for it takes it (to close it on interrupt). */
    private static final ThreadLocal<Socket> MADE = new ThreadLocal<>();

    private static Socket remembered(Socket s) {
        MADE.set(s);
        return s;
    }

    /** The socket this thread made last, or null; forgets it. */
    static Socket takeMade() {
        Socket s = MADE.get();
        MADE.remove();
        return s;
    }

    @Override
    public Socket createSocket() throws IOException {
        return remembered(new Socket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return remembered(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return remembered(new Socket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return remembered(new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return remembered(new Socket(address, port, localAddress, localPort));
    }
}
