// Session 19 experiment (bench/results/logs.md, "Session 19"): reading the 1 GB bench log in 4 MiB chunks into one heap
// array, through FileChannel (the kernel copies into a cached direct buffer, the JDK copies that into the array) or through
// libc read() called with FFM straight into the array (Linker.Option.critical(true): one copy). Not part of the build:
//   javac -d /tmp/rc bench/logs/experiments/ReadCopies.java
//   java -XX:TieredStopAtLevel=1 -cp /tmp/rc ReadCopies FILE ch
//   java --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -cp /tmp/rc ReadCopies FILE ffm
import java.lang.foreign.*;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.*;
import static java.lang.foreign.ValueLayout.*;

public class ReadCopies {
    public static void main(String[] a) throws Throwable {
        Path p = Path.of(a[0]);
        String mode = a[1];
        byte[] buf = new byte[(4 << 20) + 64];
        long total = 0;
        long t0 = System.nanoTime();
        var bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = bean.getCurrentThreadCpuTime();
        if (mode.equals("ch")) {
            try (FileChannel ch = FileChannel.open(p)) {
                int r;
                while ((r = ch.read(ByteBuffer.wrap(buf, 0, 4 << 20))) > 0) total += r;
            }
        } else {
            Linker l = Linker.nativeLinker();
            SymbolLookup s = l.defaultLookup();
            MethodHandle open = l.downcallHandle(s.find("open").get(), FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
            MethodHandle read = l.downcallHandle(s.find("read").get(), FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), Linker.Option.critical(true));
            MethodHandle close = l.downcallHandle(s.find("close").get(), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
            int fd;
            try (Arena ar = Arena.ofConfined()) { fd = (int) open.invokeExact(ar.allocateFrom(p.toString()), 0); }
            MemorySegment seg = MemorySegment.ofArray(buf);
            long r;
            while ((r = (long) read.invokeExact(fd, seg, (long) (4 << 20))) > 0) total += r;
            int x = (int) close.invokeExact(fd);
        }
        long c1 = bean.getCurrentThreadCpuTime();
        System.out.printf("%s %d bytes %.3f s wall %.3f s cpu%n", mode, total, (System.nanoTime() - t0) / 1e9, (c1 - c0) / 1e9);
    }
}
