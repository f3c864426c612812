package braid.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import braid.core.Clock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code journal} check against a real journal: systemd's own {@code systemd-journal-remote} writes the journal
 * file from entries in journald's export format (as a journal shipped from another machine is stored), and braid reads
 * it through systemd's {@code journalctl}, as it reads this machine's. .ci/run unpacks systemd-journal-remote (Debian's
 * package, not installed: its service is not wanted).
 */
class JournalCheckTest {
    @TempDir Path dir;
    private Path journal;

    static Path journalRemote() {
        Path cached = Path.of(System.getProperty("user.home"), ".cache", "braid-ci", "journal-remote", "lib", "systemd",
                "systemd-journal-remote");
        return Files.isExecutable(cached) ? cached : Path.of("/lib/systemd/systemd-journal-remote");
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    /** Entries {@code ago} before now: priority, unit, message. */
    private record Entry(Duration ago, int priority, String unit, String message) {}

    @BeforeEach
    void writeJournal() throws Exception {
        Path remote = journalRemote();
        assumeTrue(Files.isExecutable(remote) && onPath("journalctl"),
                "systemd-journal-remote or journalctl is missing (.ci/run unpacks the first; the second is systemd's)");
        List<Entry> entries = List.of(
                new Entry(Duration.ofHours(2), 2, "kernel", "EXT4-fs error (device sda1): bad block"), // outside the hour
                new Entry(Duration.ofMinutes(40), 3, "kernel", "Out of memory: Killed process 4242 (java)"),
                new Entry(Duration.ofMinutes(30), 4, "nginx.service", "upstream response is buffered"),
                new Entry(Duration.ofMinutes(20), 4, "nginx.service", "upstream timed out"),
                new Entry(Duration.ofMinutes(10), 6, "cron.service", "job ran"),
                new Entry(Duration.ofMinutes(5), 3, "app.service", "ünïcödé failure"));
        StringBuilder export = new StringBuilder();
        long now = Instant.now().toEpochMilli() * 1000;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            export.append("__CURSOR=s=0;i=").append(i + 1).append('\n')
                    .append("__REALTIME_TIMESTAMP=").append(now - e.ago().toNanos() / 1000).append('\n')
                    .append("__MONOTONIC_TIMESTAMP=").append(1_000_000 + i).append('\n')
                    .append("_BOOT_ID=0123456789abcdef0123456789abcdef\n_HOSTNAME=web1\n")
                    .append("PRIORITY=").append(e.priority()).append('\n')
                    .append("_SYSTEMD_UNIT=").append(e.unit()).append('\n')
                    .append("MESSAGE=").append(e.message()).append("\n\n");
        }
        journal = Files.createDirectories(dir.resolve("journal"));
        ProcessBuilder pb = new ProcessBuilder(remote.toString(), "--output=" + journal.resolve("remote-web1.journal"), "-")
                .redirectErrorStream(true);
        pb.environment().put("LD_LIBRARY_PATH", remote.getParent().getParent().getParent()
                .resolve("usr/lib/x86_64-linux-gnu").toString());
        Process p = pb.start();
        p.getOutputStream().write(export.toString().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private List<CheckResult> run(String checks) throws Exception {
        HealthChecks config = HealthChecks.read(Files.writeString(dir.resolve("health.yaml"), "health:\n  checks:\n" + checks));
        return new HealthRunner(config, Clock.system(), HealthSources.NONE).run(config);
    }

    @Test
    void entriesInTheWindowAreCountedPerLevelOrWorse() throws Exception {
        List<CheckResult> r = run("""
                    - {name: system, journal: true, directory: journal, window: 1h, max: {crit: 0, err: 1}}
                    - {name: quiet, journal: true, directory: journal, window: 1h, max: {crit: 0}, warn: {err: 5}}
                    - {name: two-hours, journal: true, directory: journal, window: 3h, max: {crit: 0}}
                """);
        assertThat(r.get(0).status()).isEqualTo(Status.CRITICAL);
        assertThat(r.get(0).message()).isEqualTo("2 error or worse (at most 1) in the last 1 h of the journal in " + journal);
        assertThat(r.get(0).measurements()).containsEntry("entries_error", 2.0).containsEntry("entries", 2.0)
                .doesNotContainKey("entries_crit");
        assertThat(r.get(1).status()).isEqualTo(Status.OK);
        assertThat(r.get(1).message()).isEqualTo("2 error in the last 1 h of the journal in " + journal + " (within the limits)");
        // the crit of two hours ago counts in a window of three
        assertThat(r.get(2).status()).isEqualTo(Status.CRITICAL);
        assertThat(r.get(2).message()).startsWith("1 crit or worse (at most 0) in the last 3 h");
    }

    @Test
    void aUnitAndAMatchNarrowWhatIsCounted() throws Exception {
        List<CheckResult> r = run("""
                    - {name: nginx, journal: nginx.service, directory: journal, max: {warning: 1}}
                    - {name: oom, journal: true, directory: journal, match: "Out of memory|oom-kill", max: {err: 0}}
                    - {name: segfaults, journal: true, directory: journal, match: "segfault", max: {err: 0}}
                    - {name: unicode, journal: app.service, directory: journal, match: "ünïcödé", max: {err: 0}}
                """);
        assertThat(r.get(0).status()).isEqualTo(Status.CRITICAL);
        assertThat(r.get(0).message()).isEqualTo("2 warn or worse (at most 1) in the last 1 h of nginx.service in the journal in " + journal);
        assertThat(r.get(1).status()).isEqualTo(Status.CRITICAL);
        assertThat(r.get(1).message()).isEqualTo("1 error or worse (at most 0) in the last 1 h of the journal in " + journal
                + " matching /Out of memory|oom-kill/");
        assertThat(r.get(2).status()).isEqualTo(Status.OK);
        assertThat(r.get(2).message()).startsWith("no entries in the last 1 h of the journal in ");
        assertThat(r.get(3).status()).isEqualTo(Status.CRITICAL);
    }

    @Test
    void aJournalThatCannotBeReadIsUnknownNotZeroEntries() throws Exception {
        List<CheckResult> r = run("""
                    - {name: gone, journal: true, directory: no-such-dir, max: {err: 0}}
                """);
        assertThat(r.getFirst().status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.getFirst().message()).isEqualTo("cannot read the journal in " + dir.resolve("no-such-dir") + ": no such directory");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        r = run("""
                    - {name: empty, journal: true, directory: empty, max: {err: 0}}
                """);
        // journalctl finds no journal file there and counts nothing (exit 0): braid says so instead of reading OK
        assertThat(r.getFirst().status()).as(r.getFirst().message()).isEqualTo(Status.UNKNOWN);
        assertThat(r.getFirst().message()).isEqualTo("no journal files in " + empty);
    }

    @Test
    void asAUserWhoMayNotReadTheJournalItIsUnknownAndSaysWhy() throws Exception {
        // journalctl run by a user who may not read the files exits 0 with no entries: braid must not read that as OK.
        // Tests run as root, who reads every file; the check runs here in a JVM of user nobody (setpriv), from a copy of
        // this class path that nobody may read.
        assumeTrue("root".equals(System.getProperty("user.name")) && onPath("setpriv"), "needs root and setpriv to become another user");
        Path shared = Files.createTempDirectory("braid-journal-user", java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            List<String> classpath = new java.util.ArrayList<>();
            int i = 0;
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                Path from = Path.of(entry);
                if (!Files.exists(from)) continue;
                Path to = shared.resolve("cp").resolve(i++ + (Files.isDirectory(from) ? "" : ".jar"));
                try (Stream<Path> s = Files.walk(from)) {
                    for (Path f : (Iterable<Path>) s::iterator) {
                        Path t = to.resolve(from.relativize(f).toString());
                        if (Files.isDirectory(f)) Files.createDirectories(t); else Files.copy(f, Files.createDirectories(t.getParent()).resolve(t.getFileName()));
                    }
                }
                classpath.add(to.toString());
            }
            try (Stream<Path> s = Files.walk(shared)) {
                for (Path f : (Iterable<Path>) s::iterator) {
                    Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            Path closed = Files.createDirectories(shared.resolve("closed"));
            Path open = Files.createDirectories(shared.resolve("open"));
            Files.copy(journal.resolve("remote-web1.journal"), closed.resolve("system.journal"));
            Files.copy(journal.resolve("remote-web1.journal"), open.resolve("system.journal"));
            Files.setPosixFilePermissions(closed.resolve("system.journal"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
            Files.setPosixFilePermissions(open.resolve("system.journal"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            Path config = Files.writeString(shared.resolve("health.yaml"), """
                    health:
                      checks:
                        - {name: closed, journal: true, directory: "%s", window: 3h, max: {crit: 0}}
                        - {name: open, journal: true, directory: "%s", window: 3h, max: {crit: 0}}
                    """.formatted(closed, open));
            Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            Process p = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                    ProcessHandle.current().info().command().orElseThrow(), "-cp", String.join(java.io.File.pathSeparator, classpath),
                    "braid.health.JournalAsUser", config.toString()).directory(shared.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            List<String> lines = out.lines().filter(l -> l.matches("(OK|WARNING|CRITICAL|UNKNOWN) .*")).toList();
            // the file nobody may not read: UNKNOWN, naming the user, not "no entries" and OK
            assertThat(lines).as(out).hasSize(2);
            assertThat(lines.get(0)).isEqualTo("UNKNOWN cannot read the journal files in " + closed + " as user nobody");
            // the same file readable: nobody counts its entries (so it is the permission that made the difference)
            assertThat(lines.get(1)).isEqualTo("CRITICAL 1 crit or worse (at most 0) in the last 3 h of the journal in " + open);
        } finally {
            try (Stream<Path> s = Files.walk(shared)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void withoutADirectoryThisMachinesJournalIsReadOrItsAbsenceSaid() throws Exception {
        boolean any = false;
        for (String root : List.of("/var/log/journal", "/run/log/journal")) {
            if (!Files.isDirectory(Path.of(root))) continue;
            try (Stream<Path> s = Files.walk(Path.of(root), 2)) {
                any |= s.anyMatch(f -> f.getFileName().toString().endsWith(".journal"));
            }
        }
        CheckResult r = run("""
                    - {name: system, journal: true, max: {crit: 0}}
                """).getFirst();
        if (any) {
            assertThat(r.message()).as("a count of this machine's journal").contains("in the last 1 h of the journal");
        } else {
            // a container or a machine without journald (as CI's): UNKNOWN, not "no entries" and OK
            assertThat(r.status()).isEqualTo(Status.UNKNOWN);
            assertThat(r.message()).isEqualTo("no journal files in /var/log/journal or /run/log/journal: systemd-journald keeps"
                    + " no journal on this machine (not running, or Storage=none)");
        }
    }

    @Test
    void mistakesInTheCheckAreNamed() throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "health:\n  checks:\n    - {name: j, journal: false, max: {err: 0}}\n");
        assertThatThrownBy(() -> HealthChecks.read(cfg)).hasMessageEndingWith(
                "health.checks[0] (j): journal: true (the whole journal) or a unit, such as nginx.service; got 'false'");
        Files.writeString(cfg, "health:\n  checks:\n    - {name: j, journal: true, match: \"(oom\", max: {err: 0}}\n");
        assertThatThrownBy(() -> HealthChecks.read(cfg)).hasMessageContaining("health.checks[0] (j): match: not a regular expression: ");
        Files.writeString(cfg, "health:\n  checks:\n    - {name: j, journal: true, max: {eror: 0}}\n");
        assertThatThrownBy(() -> HealthChecks.read(cfg)).hasMessageContaining("max: unknown level 'eror'");
        Files.writeString(cfg, "health:\n  checks:\n    - {name: j, journal: true, mach: x, max: {err: 0}}\n");
        assertThatThrownBy(() -> HealthChecks.read(cfg)).hasMessageContaining("unknown key 'mach'; did you mean 'match'?");
        Files.writeString(cfg, "health:\n  checks:\n    - {name: j, jurnal: true, max: {err: 0}}\n");
        assertThatThrownBy(() -> HealthChecks.read(cfg)).hasMessageContaining("did you mean 'journal' for 'jurnal'?");
    }
}
