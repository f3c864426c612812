package braid.mail.internal;

import org.jspecify.annotations.Nullable;
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
 * latency-bound).
 *
 * <p>The sockets are {@link HoldingSocket}s: while a pipelined envelope is written, MAIL FROM and RCPT TO are held and
 * go out with DATA in one write and one segment (Angus writes every command on its own). MailBench, alternating with
 * and without: warm medians 6,695–7,524 against 4,059–5,938 messages/s, 153–176 against 191–244 µs of CPU per message.
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
        return remembered(new HoldingSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket s = new HoldingSocket();
        s.connect(new java.net.InetSocketAddress(host, port));
        return remembered(s);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = new HoldingSocket();
        s.bind(new java.net.InetSocketAddress(localHost, localPort));
        s.connect(new java.net.InetSocketAddress(host, port));
        return remembered(s);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket s = new HoldingSocket();
        s.connect(new java.net.InetSocketAddress(host, port));
        return remembered(s);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        Socket s = new HoldingSocket();
        s.bind(new java.net.InetSocketAddress(localAddress, localPort));
        s.connect(new java.net.InetSocketAddress(address, port));
        return remembered(s);
    }

    /**
     * A socket whose output can be held: while {@link #hold} is on, writes collect in memory; the first write after it
     * is turned off sends them with its own bytes, in one write (Angus's buffered stream writes each command whole and
     * never flushes down to the socket). {@link #discardHeld} drops what a message that failed before DATA left held
     * (nothing of it reached the server).
     */
    static final class HoldingSocket extends Socket {
        private @Nullable HoldingOutput output;

        @Override
        public synchronized java.io.OutputStream getOutputStream() throws IOException {
            if (output == null) output = new HoldingOutput(super.getOutputStream());
            return output;
        }

        void hold(boolean on) throws IOException {
            ((HoldingOutput) getOutputStream()).holding = on;
        }

        void discardHeld() throws IOException {
            HoldingOutput o = (HoldingOutput) getOutputStream();
            o.holding = false;
            o.held.reset();
        }
    }

    private static final class HoldingOutput extends java.io.OutputStream {
        private final java.io.OutputStream socket;
        private final java.io.ByteArrayOutputStream held = new java.io.ByteArrayOutputStream(256);
        private volatile boolean holding;

        HoldingOutput(java.io.OutputStream socket) {
            this.socket = socket;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (holding) {
                held.write(b, off, len);
            } else if (held.size() > 0) {
                held.write(b, off, len); // the held envelope goes out with this write (DATA), in one
                sendHeld();
            } else {
                socket.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            if (holding) return;
            if (held.size() > 0) sendHeld();
            socket.flush();
        }

        private void sendHeld() throws IOException {
            held.writeTo(socket);
            held.reset();
        }

        @Override
        public void close() throws IOException {
            held.reset();
            socket.close();
        }
    }
}
