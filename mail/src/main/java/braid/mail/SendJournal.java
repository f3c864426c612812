package braid.mail;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The durable record of what was sent for one report date: an <em>intent</em> line before a message's DATA and an
 * <em>accepted</em> line after the server's 250, so a rerun never sends a message twice and never loses one silently.
 *
 * <p>The file {@code <stateDir>/mail-journal/<date>.journal} is append-only; each line carries a CRC32 so a line
 * torn by a crash is recognised, ignored, reported in {@link #warnings()} and cut off before new lines are
 * appended. Intents must be made durable with {@link #force()} before the messages' DATA. Only one journal per
 * date may be open at a time (an OS file lock guards it across processes). Thread-safe.
 */
public final class SendJournal implements AutoCloseable {
    /** What the journal knows about one Message-ID. */
    public enum State {
        /** Never journaled, withdrawn before any attempt, or forgotten by {@link #restart()}. */
        NONE,
        /** Intent without acceptance: the server may or may not have taken the message. */
        UNCERTAIN,
        /** The server answered 250 to the final dot. */
        ACCEPTED,
        /** The server definitely did not take it (a reply refused it, or it failed before DATA). */
        FAILED
    }

    /** The latest journaled facts for one message. */
    public record Entry(String messageId, String clientId, String email, State state, String detail) {
    }

    private static final String VERSION_LINE = "braid-mail-journal 1";

    private final Path file;
    private final LocalDate date;
    /**
     * Reads, appends and fsyncs go through java.io, not the FileChannel: an interrupt (a cancelled run, a deadline)
     * during a channel operation closes the channel, after which the run could no longer withdraw its unsent
     * intents and they would be listed uncertain. java.io file operations are not interruptible.
     */
    private final RandomAccessFile raf;
    private final FileLock lock;
    private boolean open = true;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private boolean dirty;
    /** Where the next line goes and where the file pointer stands, or -1 when it must be asked for. */
    private long appendAt = -1;
    private static final HexFormat HEX = HexFormat.of();
    private final WriteFault fault;

    /**
     * A seam for tests of write failures (a full disk at one chosen line): called before each line is written with
     * the line's kind ({@code I}, {@code A}, {@code F}, {@code W}, {@code R}); throwing makes that write fail.
     */
    interface WriteFault {
        WriteFault NONE = kind -> {};

        void beforeWrite(String kind) throws IOException;
    }

    private SendJournal(Path file, LocalDate date, RandomAccessFile raf, FileLock lock, WriteFault fault) {
        this.file = file;
        this.date = date;
        this.raf = raf;
        this.lock = lock;
        this.fault = fault;
    }

    /**
     * Opens (creating if needed) the journal of {@code date} under {@code stateDir}, replaying what it holds.
     *
     * @throws IOException when the file cannot be read or written, or another process has it open
     */
    public static SendJournal open(Path stateDir, LocalDate date) throws IOException {
        return open(stateDir, date, WriteFault.NONE);
    }

    static SendJournal open(Path stateDir, LocalDate date, WriteFault fault) throws IOException {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(date, "date");
        Path dir = stateDir.resolve("mail-journal");
        Files.createDirectories(dir);
        Path file = dir.resolve(date + ".journal");
        boolean created = !Files.exists(file);
        RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
        FileLock lock;
        try {
            lock = raf.getChannel().tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            raf.close();
            throw e;
        }
        if (lock == null) {
            raf.close();
            throw new IOException("send journal " + file + " is in use by another run");
        }
        SendJournal journal = new SendJournal(file, date, raf, lock, fault);
        try {
            journal.replay();
            if (created) {
                syncDirectory(dir);
            }
        } catch (IOException | RuntimeException e) {
            journal.close();
            throw e;
        }
        return journal;
    }

    /** The journal file. */
    public Path file() {
        return file;
    }

    /** The report date this journal belongs to. */
    public LocalDate date() {
        return date;
    }

    /** What is known about {@code messageId}. */
    public synchronized State state(String messageId) {
        Entry e = entries.get(messageId);
        return e == null ? State.NONE : e.state();
    }

    /**
     * The latest entry journaled for {@code clientId} under a Message-ID other than {@code exceptMessageId} that
     * was accepted or is uncertain, if any: what makes a client's message of the day the same message although its
     * Message-ID changed (an edit of {@code mail.from} changes the Message-ID domain between a run and its rerun).
     */
    public synchronized java.util.Optional<Entry> deliveredUnderAnotherId(String clientId, String exceptMessageId) {
        Entry found = null;
        for (Entry e : entries.values()) {
            if (e.clientId().equals(clientId) && !e.messageId().equals(exceptMessageId)
                    && (e.state() == State.ACCEPTED || e.state() == State.UNCERTAIN)) {
                found = e;
            }
        }
        return java.util.Optional.ofNullable(found);
    }

    /** The latest entry of every message ever journaled since the last restart, in first-journaled order. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** Messages journaled with an intent but no outcome. */
    public synchronized List<Entry> uncertain() {
        return entries.values().stream().filter(e -> e.state() == State.UNCERTAIN).toList();
    }

    /** Problems found while replaying the file (a torn last line, a line failing its checksum). */
    public synchronized List<String> warnings() {
        return Collections.unmodifiableList(new ArrayList<>(warnings));
    }

    /** Journals the intent to send; not durable until {@link #force()}. */
    public synchronized void intent(String messageId, String clientId, String email) throws IOException {
        append("I", messageId, clientId, email);
        entries.put(messageId, new Entry(messageId, clientId, email, State.UNCERTAIN, ""));
    }

    /** Journals the server's acceptance (its 250 reply text). */
    public synchronized void accepted(String messageId, String reply) throws IOException {
        append("A", messageId, reply);
        Entry e = entries.get(messageId);
        entries.put(messageId, new Entry(messageId, e == null ? "" : e.clientId(), e == null ? "" : e.email(),
                State.ACCEPTED, reply));
    }

    /** Journals a definite refusal or a failure before DATA, so a rerun tries again. */
    public synchronized void failed(String messageId, int replyCode, String reply) throws IOException {
        append("F", messageId, Integer.toString(replyCode), reply);
        Entry e = entries.get(messageId);
        entries.put(messageId, new Entry(messageId, e == null ? "" : e.clientId(), e == null ? "" : e.email(),
                State.FAILED, replyCode + " " + reply));
    }

    /** Withdraws an intent whose message was never attempted (the run stopped first). */
    public synchronized void withdrawn(String messageId) throws IOException {
        append("W", messageId);
        entries.remove(messageId);
    }

    /** Forgets every earlier line (for "resend all"); durable when this returns. */
    public synchronized void restart() throws IOException {
        append("R");
        entries.clear();
        force();
    }

    /** Makes every line written so far durable (fsync). */
    public synchronized void force() throws IOException {
        if (dirty) {
            raf.getFD().sync();
            dirty = false;
        }
    }

    /** Forces outstanding lines and releases the file. */
    @Override
    public synchronized void close() throws IOException {
        if (!open) {
            return;
        }
        open = false;
        try {
            force();
        } finally {
            try {
                if (lock.isValid()) {
                    lock.release();
                }
            } finally {
                raf.close();
            }
        }
    }

    private void append(String kind, String... fields) throws IOException {
        StringBuilder line = new StringBuilder(kind);
        for (String f : fields) {
            line.append('\t').append(escape(f));
        }
        writeLine(line.toString());
    }

    private void writeLine(String payload) throws IOException {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(body);
        byte[] tail = ("\t#" + HEX.toHexDigits((int) crc.getValue()) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[body.length + tail.length];
        System.arraycopy(body, 0, line, 0, body.length);
        System.arraycopy(tail, 0, line, body.length, tail.length);
        if (appendAt < 0) {
            // the end of the file is the append point; only this journal writes it (it holds the lock), so it is
            // kept from here on instead of asked for with two system calls per line
            appendAt = raf.length();
            raf.seek(appendAt);
        }
        try {
            fault.beforeWrite(payload.isEmpty() ? "" : payload.substring(0, 1));
            raf.write(line);
        } catch (IOException e) {
            // A full disk may have taken part of the line: cut it off, or the next line that does get written
            // would join it into one line that fails its checksum in the middle of the file.
            try {
                raf.setLength(appendAt); // also moves the file pointer back to it
            } catch (IOException ignored) {
                // the torn tail is then cut when the journal is next opened
                appendAt = -1;
            }
            throw e;
        }
        appendAt += line.length;
        dirty = true;
    }

    private void replay() throws IOException {
        long size = raf.length();
        if (size == 0) {
            writeLine(VERSION_LINE);
            force();
            return;
        }
        byte[] bytes = new byte[Math.toIntExact(size)];
        raf.seek(0);
        raf.readFully(bytes);
        appendAt = -1; // the reads moved the file pointer
        int start = 0;
        int lineNo = 0;
        long goodEnd = 0;
        while (start < bytes.length) {
            int nl = indexOf(bytes, (byte) '\n', start);
            lineNo++;
            if (nl < 0) {
                warnings.add(file + ": ignored torn last line " + lineNo + " (" + (bytes.length - start)
                        + " bytes without end of line), left by an interrupted write");
                break;
            }
            String line = new String(bytes, start, nl - start, StandardCharsets.UTF_8);
            String payload = verified(line);
            if (payload == null) {
                boolean last = nl == bytes.length - 1;
                if (!last) {
                    // Not a torn tail, which only a crash leaves: the disk or a hand damaged a line in the middle.
                    // Skipping it could send a client a second message (a lost intent) or none; refuse instead.
                    throw new DamagedJournalException(file, lineNo, line);
                }
                warnings.add(file + ": ignored torn last line " + lineNo + " (checksum mismatch)");
                break;
            } else {
                apply(payload, lineNo);
            }
            start = nl + 1;
            goodEnd = start;
        }
        if (goodEnd < size) {
            // cut the torn tail so the next line starts on a line of its own
            raf.setLength(goodEnd);
            raf.getFD().sync();
            appendAt = -1;
        }
    }

    private void apply(String payload, int lineNo) {
        String[] f = payload.split("\t", -1);
        int need = switch (f[0]) {
            case "I" -> 4;
            case "A" -> 3;
            case "W" -> 2;
            case "F" -> 4;
            default -> 1;
        };
        if (f.length < need) {
            warnings.add(file + ": ignored short line " + lineNo);
            return;
        }
        for (int i = 1; i < f.length; i++) {
            f[i] = unescape(f[i]);
        }
        switch (f[0]) {
            case "I" -> entries.put(f[1], new Entry(f[1], f[2], f[3], State.UNCERTAIN, ""));
            case "A" -> update(f[1], State.ACCEPTED, f[2]);
            case "F" -> update(f[1], State.FAILED, f[2] + " " + f[3]);
            case "W" -> entries.remove(f[1]);
            case "R" -> entries.clear();
            default -> {
                if (!payload.equals(VERSION_LINE)) {
                    warnings.add(file + ": ignored unknown line " + lineNo);
                }
            }
        }
    }

    private void update(String id, State state, String detail) {
        Entry e = entries.get(id);
        entries.put(id, new Entry(id, e == null ? "" : e.clientId(), e == null ? "" : e.email(), state, detail));
    }

    private static @Nullable String verified(String line) {
        int hash = line.lastIndexOf("\t#");
        if (hash < 0 || line.length() - hash != 10) {
            return null;
        }
        String payload = line.substring(0, hash);
        CRC32 crc = new CRC32();
        crc.update(payload.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue()).equals(line.substring(hash + 2)) ? payload : null;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '%' -> out.append("%25");
                case '\t' -> out.append("%09");
                case '\n' -> out.append("%0A");
                case '\r' -> out.append("%0D");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String unescape(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void syncDirectory(Path dir) {
        // makes the new file's directory entry durable; Linux allows fsync on a directory, other systems may not
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: the journal lines themselves are still forced
        }
    }
}
