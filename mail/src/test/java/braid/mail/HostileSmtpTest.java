package braid.mail;

import static braid.mail.MailFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.core.Engine;
import braid.core.Graph;
import braid.core.Policy;
import braid.core.RunResult;
import braid.testkit.FakeSmtpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an outside attack on the daily run found in the mail path (issue 18), each against a real SMTP server. */
class HostileSmtpTest {
    @TempDir
    Path state;

    @Test
    void afterAStopSignalNoNewMessageBeginsOnlyTheOneInDataFinishes() throws Exception {
        AtomicReference<Engine.Execution> execution = new AtomicReference<>();
        AtomicInteger dots = new AtomicInteger();
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {
            @Override
            public String endOfData(FakeSmtpServer.Received message) {
                if (dots.incrementAndGet() == 2) {
                    execution.get().drain(); // the stop signal arrives while message 2 is in DATA
                }
                return "250 2.0.0 queued";
            }
        }); Mailer mailer = mailer(plainSettings(server.port()).build(), state)) {
            Engine engine = engine(1);
            Graph.Builder g = Graph.builder("send");
            g.add("send", Policy.DEFAULT, ctx -> mailer.send(ctx, DATE, messages(10), SendOptions.DEFAULT));
            Engine.Execution ex;
            synchronized (execution) {
                ex = engine.start(g.build());
                execution.set(ex);
            }
            RunResult r = ex.await();
            SendResult result = (SendResult) r.task("send").value();
            assertThat(server.seen()).as("one batch holds all 10; only the two that began before the stop went out")
                    .hasSize(2);
            assertThat(result.sent()).hasSize(2);
            assertThat(result.uncertain()).isEmpty();

            SendResult rerun = send(engine(1), mailer, messages(10), SendOptions.DEFAULT);
            assertThat(rerun.alreadySent()).hasSize(2);
            assertThat(rerun.sent()).hasSize(8);
            assertThat(rerun.uncertain()).isEmpty();
            assertThat(server.accepted()).hasSize(10);
        }
    }

    @Test
    void anAcceptanceThatCannotBeJournaledStaysUncertainAndIsNeverSentAgain() throws Exception {
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {});
             Mailer mailer = mailer(plainSettings(server.port()).build(), state)) {
            AtomicInteger acceptances = new AtomicInteger();
            // The disk is full exactly when the second message's "accepted" line is written, then has room again
            // (the withdrawal lines of the messages never attempted succeed).
            mailer.journalFault = kind -> {
                if (kind.equals("A") && acceptances.incrementAndGet() == 2) {
                    throw new IOException("No space left on device");
                }
            };
            assertThatThrownBy(() -> send(engine(1), mailer, messages(5), SendOptions.DEFAULT))
                    .hasMessageContaining("No space left on device");
            assertThat(server.accepted()).hasSize(2);

            mailer.journalFault = SendJournal.WriteFault.NONE;
            SendResult rerun = send(engine(1), mailer, messages(5), SendOptions.DEFAULT);
            assertThat(rerun.alreadySent()).extracting(SendResult.Message::clientId).containsExactly("C1001");
            assertThat(rerun.uncertain()).extracting(SendResult.Message::clientId).containsExactly("C1002");
            assertThat(rerun.sent()).extracting(SendResult.Message::clientId).containsExactly("C1003", "C1004", "C1005");
            assertThat(server.accepted()).as("nobody got two").hasSize(5);
        }
    }

    @RepeatedTest(10)
    void aDefiniteRejectionOfTheDotIsAFailureNotUncertainAlsoWhenTheServerHangsUp() throws Exception {
        for (FakeSmtpServer.HangUp hangUp : FakeSmtpServer.HangUp.values()) {
            for (String reply : List.of("554 5.7.1 message refused as spam", "451 4.3.0 local error, try later",
                    "421 4.4.2 closing connection")) {
                Path dir = Files.createTempDirectory(state, "s");
                AtomicInteger dots = new AtomicInteger();
                try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {
                    @Override
                    public String endOfData(FakeSmtpServer.Received message) {
                        return dots.incrementAndGet() == 1 ? reply : "250 2.0.0 queued";
                    }

                    @Override
                    public FakeSmtpServer.HangUp afterEndOfData(FakeSmtpServer.Received message) {
                        return dots.get() == 1 ? hangUp : FakeSmtpServer.HangUp.NONE;
                    }
                }); Mailer mailer = mailer(plainSettings(server.port()).build(), dir)) {
                    SendResult r = send(engine(1), mailer, messages(2), SendOptions.DEFAULT);
                    assertThat(r.uncertain()).as(reply + " then " + hangUp).isEmpty();
                    if (reply.startsWith("5")) {
                        assertThat(r.failed()).singleElement().satisfies(f -> {
                            assertThat(f.replyCode()).isEqualTo(554);
                            assertThat(f.reply()).contains("refused as spam");
                        });
                        assertThat(r.sent()).hasSize(1);
                    } else {
                        assertThat(r.sent()).as(reply + " then " + hangUp + ": retried and accepted").hasSize(2);
                    }
                }
            }
        }
    }

    @Test
    void aServerRefusingEveryRecipientStopsTheRunAfterTenInARowAndLeavesTheRestForARerun() throws Exception {
        AtomicInteger rcpts = new AtomicInteger();
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {
            @Override
            public String rcpt(String to) {
                rcpts.incrementAndGet();
                return "452 4.2.2 mailbox full";
            }
        }); Mailer mailer = mailer(plainSettings(server.port()).build(), state)) {
            SmtpException e = org.junit.jupiter.api.Assertions.assertThrows(SmtpException.class,
                    () -> send(engine(2), mailer, messages(200), SendOptions.DEFAULT));
            assertThat(e.kind()).isEqualTo(SmtpException.Kind.REPEATED_FAILURES);
            assertThat(e.replyCode()).isEqualTo(452);
            assertThat(e.getMessage()).contains("10 messages in a row", "452", "left for a rerun");
            SendResult r = e.result().orElseThrow();
            // 10 failed after their retries, at most one more per worker was in flight; the rest never started
            assertThat(r.failed().stream().filter(f -> f.replyCode() == 452).count()).isBetween(10L, 11L);
            assertThat(rcpts.get()).isLessThanOrEqualTo(11 * 3);
            try (SendJournal j = SendJournal.open(state, DATE)) {
                assertThat(j.uncertain()).isEmpty();
            }
        }
    }

    @Test
    void aServerSwallowingEveryMessageStopsTheRunInsteadOfTakingHours() throws Exception {
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {
            @Override
            public String endOfData(FakeSmtpServer.Received message) {
                return null; // hangs up after the dot without a reply
            }
        }); Mailer mailer = mailer(plainSettings(server.port()).stopAfterFailures(5).build(), state)) {
            SmtpException e = org.junit.jupiter.api.Assertions.assertThrows(SmtpException.class,
                    () -> send(engine(1), mailer, messages(100), SendOptions.DEFAULT));
            assertThat(e.kind()).isEqualTo(SmtpException.Kind.REPEATED_FAILURES);
            assertThat(e.getMessage()).contains("5 messages in a row", "no reply to the final dot");
            assertThat(e.result().orElseThrow().uncertain()).hasSize(5);
            assertThat(server.seen()).hasSize(5);
        }
    }

    @Test
    void aJournalDamagedInTheMiddleRefusesToSendAndSaysHowToRepair() throws Exception {
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {});
             Mailer mailer = mailer(plainSettings(server.port()).build(), state)) {
            send(engine(1), mailer, messages(3), SendOptions.DEFAULT);
            Path file = state.resolve("mail-journal").resolve(DATE + ".journal");
            List<String> lines = Files.readAllLines(file);
            // one flipped character in the intent of client 2 (line 3: version, I C1001, I C1002, ...)
            int at = 2;
            assertThat(lines.get(at)).startsWith("I\t").contains("C1002");
            lines.set(at, lines.get(at).replace("C1002", "C1OO2"));
            Files.write(file, lines);
            assertThatThrownBy(() -> send(engine(1), mailer, messages(3), SendOptions.DEFAULT))
                    .isInstanceOfSatisfying(DamagedJournalException.class, e -> {
                        assertThat(e.line()).isEqualTo(3);
                        assertThat(e.getMessage()).contains("damaged at line 3", "nothing is sent", "To repair");
                    });
            assertThat(server.accepted()).hasSize(3);
        }
    }

    @Test
    void editingMailFromBetweenARunAndItsRerunSendsNothingTwice() throws Exception {
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {})) {
            try (Mailer mailer = Mailer.create(plainSettings(server.port()).build(),
                    SenderIdentity.of("ACME <reports@acme.example>"), MessageTemplates.defaults(), state)) {
                send(engine(1), mailer, messages(3), SendOptions.DEFAULT);
            }
            int before = 3;
            for (String from : List.of("ACME <reports@ACME.example>", "ACME Reports <news@acme-mail.example>")) {
                try (Mailer edited = Mailer.create(plainSettings(server.port()).build(), SenderIdentity.of(from),
                        MessageTemplates.defaults(), state)) {
                    SendResult rerun = send(engine(1), edited, messages(4), SendOptions.DEFAULT);
                    assertThat(rerun.alreadySent()).as(from).hasSize(before);
                    assertThat(rerun.sent()).hasSize(4 - before);
                    before = 4;
                }
            }
            assertThat(server.accepted()).as("3 first, then client 4 once").hasSize(4);
        }
    }
}
