package braid.mail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SendJournalTest {
    static final LocalDate DATE = LocalDate.of(2026, 11, 23);

    @TempDir
    Path state;

    @Test
    void replaysIntentsAcceptancesAndFailuresAfterReopen() throws IOException {
        try (SendJournal j = SendJournal.open(state, DATE)) {
            j.intent("<a@x>", "A", "a@example.com");
            j.intent("<b@x>", "B", "b@example.com");
            j.intent("<c@x>", "C\tweird\nid%", "c@example.com");
            j.intent("<d@x>", "D", "d@example.com");
            j.force();
            j.accepted("<a@x>", "250 2.0.0 queued as 1");
            j.failed("<b@x>", 550, "550 no such user");
            j.withdrawn("<d@x>");
        }
        try (SendJournal j = SendJournal.open(state, DATE)) {
            assertThat(j.warnings()).isEmpty();
            assertThat(j.state("<a@x>")).isEqualTo(SendJournal.State.ACCEPTED);
            assertThat(j.state("<b@x>")).isEqualTo(SendJournal.State.FAILED);
            assertThat(j.state("<c@x>")).isEqualTo(SendJournal.State.UNCERTAIN);
            assertThat(j.state("<d@x>")).isEqualTo(SendJournal.State.NONE);
            assertThat(j.uncertain()).singleElement().satisfies(e -> assertThat(e.clientId()).isEqualTo("C\tweird\nid%"));
        }
    }

    @Test
    void tornLastLineIsIgnoredReportedAndCutBeforeNewLines() throws IOException {
        Path file;
        try (SendJournal j = SendJournal.open(state, DATE)) {
            j.intent("<a@x>", "A", "a@example.com");
            j.accepted("<a@x>", "250 ok");
            file = j.file();
        }
        // a crash in the middle of writing the acceptance of <b@x>
        Files.writeString(file, "I\t<b@x>\tB\tb@example.com\t#0bad", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (SendJournal j = SendJournal.open(state, DATE)) {
            assertThat(j.warnings()).singleElement().asString().contains("torn last line");
            assertThat(j.state("<a@x>")).isEqualTo(SendJournal.State.ACCEPTED);
            assertThat(j.state("<b@x>")).isEqualTo(SendJournal.State.NONE);
            j.intent("<c@x>", "C", "c@example.com");
        }
        try (SendJournal j = SendJournal.open(state, DATE)) {
            assertThat(j.warnings()).isEmpty();
            assertThat(j.state("<c@x>")).isEqualTo(SendJournal.State.UNCERTAIN);
        }
    }

    @Test
    void lineWithBadChecksumIsIgnoredAndReported() throws IOException {
        Path file;
        try (SendJournal j = SendJournal.open(state, DATE)) {
            j.intent("<a@x>", "A", "a@example.com");
            file = j.file();
        }
        String content = Files.readString(file).replace("<a@x>", "<z@x>");
        Files.writeString(file, content);
        try (SendJournal j = SendJournal.open(state, DATE)) {
            assertThat(j.warnings()).singleElement().asString().contains("checksum");
            assertThat(j.entries()).isEmpty();
        }
    }

    /** A cancelled run interrupts its threads; the journal must still take their withdrawals. */
    @Test
    void interruptedThreadCanStillWriteForceAndWithdraw() throws IOException {
        try (SendJournal j = SendJournal.open(state, DATE)) {
            Thread.currentThread().interrupt();
            try {
                j.intent("<a@x>", "A", "a@example.com");
                j.intent("<b@x>", "B", "b@example.com");
                j.force();
                j.withdrawn("<a@x>");
                j.accepted("<b@x>", "250 ok");
                j.force();
            } finally {
                assertThat(Thread.interrupted()).as("the interrupt is left for the caller").isTrue();
            }
        }
        try (SendJournal j = SendJournal.open(state, DATE)) {
            assertThat(j.state("<a@x>")).isEqualTo(SendJournal.State.NONE);
            assertThat(j.state("<b@x>")).isEqualTo(SendJournal.State.ACCEPTED);
            assertThat(j.uncertain()).isEmpty();
        }
    }

    @Test
    void restartForgetsEverythingBefore() throws IOException {
        try (SendJournal j = SendJournal.open(state, DATE)) {
            j.intent("<a@x>", "A", "a@example.com");
            j.accepted("<a@x>", "250 ok");
            j.restart();
        }
        try (SendJournal j = SendJournal.open(state, DATE)) {
            assertThat(j.state("<a@x>")).isEqualTo(SendJournal.State.NONE);
        }
    }

    @Test
    void secondOpenOfTheSameDateIsRefusedWhileTheFirstIsOpen() throws IOException {
        try (SendJournal ignored = SendJournal.open(state, DATE)) {
            IOException e = assertThrows(IOException.class, () -> SendJournal.open(state, DATE));
            assertThat(e.getMessage()).contains("in use");
        }
        try (SendJournal again = SendJournal.open(state, DATE)) {
            assertThat(again.date()).isEqualTo(DATE);
        }
    }
}
