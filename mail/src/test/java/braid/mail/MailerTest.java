package braid.mail;

import braid.testkit.FakeSmtpServer;

import braid.core.Engine;
import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static braid.mail.MailFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class MailerTest {
    @TempDir
    Path state;

    @Test
    void sendsMultipartAlternativeTextFirstUtf8WithDeterministicHeaders() throws Exception {
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {});
             Mailer mailer = mailer(plainSettings(server.port()).build(), state)) {
            SendResult r = send(engine(4), mailer, messages(3), SendOptions.DEFAULT);

            assertThat(r.sent()).hasSize(3);
            assertThat(r.outcome()).isEqualTo(SendResult.Outcome.COMPLETE);
            FakeSmtpServer.Received first = server.accepted().stream()
                    .filter(m -> m.recipients().equals(List.of("client1@example.com"))).findFirst().orElseThrow();
            assertThat(first.envelopeFrom()).isEqualTo("bounces@acme.example");

            MimeMessage msg = parse(first.raw());
            assertThat(msg.getMessageID()).isEqualTo(r.sent().stream()
                    .filter(m -> m.clientId().equals("C1001")).findFirst().orElseThrow().messageId());
            assertThat(msg.getMessageID()).matches("<braid\\.20261123\\.C1001\\.[0-9a-f]{12}@acme\\.example>");
            assertThat(msg.getSentDate()).isNotNull();
            assertThat(((InternetAddress) msg.getFrom()[0]).getAddress()).isEqualTo("reports@acme.example");
            assertThat(((InternetAddress) msg.getReplyTo()[0]).getAddress()).isEqualTo("service@acme.example");
            assertThat(((InternetAddress) msg.getRecipients(jakarta.mail.Message.RecipientType.TO)[0]).getPersonal())
                    .isEqualTo("Client Nr. 1");
            assertThat(msg.getSubject()).isEqualTo("ACME Süd GmbH daily report for Client Nr. 1 – Montag, 23. November 2026");
            assertThat(msg.getContentType()).startsWith("multipart/alternative");
            MimeMultipart mp = (MimeMultipart) msg.getContent();
            assertThat(mp.getCount()).isEqualTo(2);
            assertThat(mp.getBodyPart(0).getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
            assertThat(mp.getBodyPart(1).getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
            String text = (String) mp.getBodyPart(0).getContent();
            String html = (String) mp.getBodyPart(1).getContent();
            assertThat(text).contains("Hello Client Nr. 1,").contains("Wir eröffnen <bald>.").contains("Visits: 12,345")
                    .contains("/products?id=1&x=2");
            assertThat(html).contains("Wir eröffnen &lt;bald&gt;.").contains("/products?id&#61;1&amp;x&#61;2")
                    .contains("max-width:600px").doesNotContain("javascript:");

            // direct byte checks: the subject is RFC 2047-encoded ASCII, headers are 7-bit, boundaries match
            String raw = first.text();
            String headers = raw.substring(0, raw.indexOf("\r\n\r\n"));
            assertThat(headers).contains("MIME-Version: 1.0").contains("Subject: =?UTF-8?");
            assertThat(headers.chars().allMatch(c -> c < 128)).isTrue();
            String boundary = new jakarta.mail.internet.ContentType(msg.getContentType()).getParameter("boundary");
            assertThat(raw).contains("\r\n--" + boundary + "\r\n").contains("\r\n--" + boundary + "--");
            assertThat(raw.indexOf("text/plain")).isLessThan(raw.indexOf("text/html"));
        }
    }

    @Test
    void dataFromSapCannotInjectHeaders() throws Exception {
        Map<String, Object> model = TemplateModel.builder().company("ACME\r\nBcc: evil@attacker.example", "")
                .reportDate(DATE, java.util.Locale.UK).build();
        List<OutgoingMessage> msgs = List.of(
                new OutgoingMessage(new Recipient("C1", "Eve\r\nBcc: victim@attacker.example\u2028X-Evil: 1",
                        "eve@example.com"), model),
                new OutgoingMessage(new Recipient("C2", "Mallory", "mallory@example.com>\r\nRCPT TO:<x@attacker.example"),
                        model));
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {});
             Mailer mailer = mailer(plainSettings(server.port()).build(), state)) {
            SendResult r = send(engine(2), mailer, msgs, SendOptions.DEFAULT);

            assertThat(r.sent()).extracting(SendResult.Message::clientId).containsExactly("C1");
            assertThat(r.invalid()).extracting(SendResult.Invalid::clientId).containsExactly("C2");
            FakeSmtpServer.Received got = server.accepted().getFirst();
            assertThat(got.recipients()).containsExactly("eve@example.com");
            String headers = got.text().substring(0, got.text().indexOf("\r\n\r\n"));
            for (String line : headers.split("\r\n")) {
                assertThat(line).doesNotStartWithIgnoringCase("Bcc:").doesNotStartWithIgnoringCase("X-Evil:");
            }
            assertThat(headers.chars().allMatch(c -> c == '\r' || c == '\n' || c == '\t' || (c >= 32 && c < 127)))
                    .isTrue();
            MimeMessage msg = parse(got.raw());
            assertThat(msg.getHeader("Bcc")).isNull();
            assertThat(((InternetAddress) msg.getRecipients(jakarta.mail.Message.RecipientType.TO)[0]).getPersonal())
                    .isEqualTo("Eve Bcc: victim@attacker.example X-Evil: 1");
            assertThat(msg.getSubject()).startsWith("ACME Bcc: evil@attacker.example daily report");
        }
    }

    /**
     * PIPELINING (RFC 2920): with a server that offers it the envelope goes out without waiting for the replies; a
     * refused recipient or sender ends its message exactly as without pipelining (same code and text, RSET, the
     * connection reused), and a server that does not offer it is not pipelined to.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "server offers PIPELINING: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void pipelinedOrNotARefusedRecipientOrSenderEndsOnlyItsMessage(boolean offered) throws Exception {
        AtomicInteger mails = new AtomicInteger();
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {
            @Override
            public boolean pipelining() {
                return offered;
            }

            @Override
            public String mailFrom(String from) {
                return mails.incrementAndGet() == 4 ? "553 5.7.1 sender not allowed for this message" : "250 2.1.0 OK";
            }

            @Override
            public String rcpt(String to) {
                try {
                    // lets a pipelining client's DATA arrive before this reply (Nagle's algorithm may hold it until
                    // this RCPT is acknowledged: a delayed ACK comes within 200 ms)
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return to.startsWith("client2@") ? "550 5.1.1 <" + to + ">: user unknown" : "250 2.1.5 OK";
            }
        }); Mailer mailer = mailer(plainSettings(server.port()).build(), state)) {
            SendResult r = send(engine(1), mailer, messages(5), SendOptions.DEFAULT);

            assertThat(r.sent()).extracting(SendResult.Message::clientId).containsExactly("C1001", "C1003", "C1005");
            assertThat(r.failed()).extracting(f -> f.message().clientId() + " " + f.replyCode() + " " + f.reply())
                    .containsExactly("C1002 550 550 5.1.1 <client2@example.com>: user unknown",
                            "C1004 553 553 5.7.1 sender not allowed for this message");
            assertThat(r.uncertain()).isEmpty();
            assertThat(server.accepted()).extracting(m -> m.recipients().getFirst())
                    .containsExactly("client1@example.com", "client3@example.com", "client5@example.com");
            assertThat(server.connections()).as("the refusals were reset, not hung up").isEqualTo(1);
            assertThat(server.commands()).filteredOn("RSET"::equals).hasSize(2);
            if (offered) {
                assertThat(server.sentAhead()).as("pipelined: DATA came before the reply to RCPT TO").contains("RCPT");
            } else {
                assertThat(server.sentAhead()).as("not pipelined").isEmpty();
            }
        }
    }

    @Test
    void aPipelinedEnvelopeGoesOutWithDataInOneWrite() throws Exception {
        // No delay in the script: MAIL's and RCPT's replies find the next commands already there only if MAIL FROM,
        // RCPT TO and DATA arrived together (written one by one, MAIL goes out alone at once: Nagle holds nothing back
        // while nothing is unacknowledged)
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {});
             Mailer mailer = mailer(plainSettings(server.port()).build(), state)) {
            SendResult r = send(engine(1), mailer, messages(10), SendOptions.DEFAULT);

            assertThat(r.sent()).hasSize(10);
            assertThat(server.sentAhead()).filteredOn("MAIL"::equals).as("RCPT TO came with MAIL FROM").hasSize(10);
            assertThat(server.sentAhead()).filteredOn("RCPT"::equals).as("DATA came with RCPT TO").hasSize(10);
            assertThat(server.accepted()).hasSize(10);
        }
    }

    @Test
    void transient451IsRetriedUntilAccepted() throws Exception {
        AtomicInteger rcpts = new AtomicInteger();
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {
            @Override
            public String rcpt(String to) {
                return rcpts.incrementAndGet() <= 2 ? "451 4.7.1 greylisted, try again later" : "250 2.1.5 OK";
            }
        }); Mailer mailer = mailer(plainSettings(server.port()).build(), state)) {
            SendResult r = send(engine(1), mailer, messages(1), SendOptions.DEFAULT);

            assertThat(r.sent()).hasSize(1);
            assertThat(rcpts.get()).isEqualTo(3);
            assertThat(server.accepted()).hasSize(1);
        }
    }

    @Test
    void transientFailureBeyondAttemptsIsReportedWithReplyAndRetriedOnRerun() throws Exception {
        AtomicInteger mode = new AtomicInteger(451);
        FakeSmtpServer.Script script = new FakeSmtpServer.Script() {
            @Override
            public String endOfData(FakeSmtpServer.Received message) {
                return mode.get() == 451 ? "451 4.3.0 temporary local problem" : "250 2.0.0 queued";
            }
        };
        try (FakeSmtpServer server = FakeSmtpServer.plain(script);
             Mailer mailer = mailer(plainSettings(server.port()).build(), state)) {
            SendResult first = send(engine(1), mailer, messages(1), SendOptions.DEFAULT);
            assertThat(first.failed()).singleElement().satisfies(f -> {
                assertThat(f.replyCode()).isEqualTo(451);
                assertThat(f.reply()).contains("temporary local problem");
            });
            assertThat(server.seen()).hasSize(3);

            mode.set(250);
            SendResult second = send(engine(1), mailer, messages(1), SendOptions.DEFAULT);
            assertThat(second.sent()).hasSize(1);
            assertThat(second.outcome()).isEqualTo(SendResult.Outcome.COMPLETE);
        }
    }

    @Test
    void permanent550ForOneRecipientIsRecordedAndTheOthersContinue() throws Exception {
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {
            @Override
            public String rcpt(String to) {
                return to.equals("client2@example.com") ? "550 5.1.1 mailbox unavailable" : "250 OK";
            }
        }); Mailer mailer = mailer(plainSettings(server.port()).build(), state)) {
            SendResult r = send(engine(2), mailer, messages(4), SendOptions.DEFAULT);

            assertThat(r.sent()).hasSize(3);
            assertThat(r.failed()).singleElement().satisfies(f -> {
                assertThat(f.message().clientId()).isEqualTo("C1002");
                assertThat(f.replyCode()).isEqualTo(550);
                assertThat(f.reply()).contains("mailbox unavailable");
            });
            assertThat(r.outcome()).isEqualTo(SendResult.Outcome.PARTIAL);
            assertThat(server.accepted()).hasSize(3);
        }
    }

    @Test
    void connectionDroppedAfterFinalDotLeavesMessageUncertainAndRerunDoesNotResendIt() throws Exception {
        AtomicInteger dots = new AtomicInteger();
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {
            @Override
            public String endOfData(FakeSmtpServer.Received message) {
                // the first message "arrives" but the connection drops before the 250 goes out
                return dots.incrementAndGet() == 1 ? null : "250 2.0.0 queued";
            }
        }); Mailer mailer = mailer(plainSettings(server.port()).build(), state)) {
            SendResult first = send(engine(1), mailer, messages(3), SendOptions.DEFAULT);
            assertThat(first.uncertain()).extracting(SendResult.Message::clientId).containsExactly("C1001");
            assertThat(first.sent()).hasSize(2);
            assertThat(first.outcome()).isEqualTo(SendResult.Outcome.PARTIAL);
            assertThat(server.seen()).hasSize(3);

            SendResult rerun = send(engine(1), mailer, messages(3), SendOptions.DEFAULT);
            assertThat(rerun.sent()).isEmpty();
            assertThat(rerun.alreadySent()).hasSize(2);
            assertThat(rerun.uncertain()).extracting(SendResult.Message::messageId)
                    .containsExactly(first.uncertain().getFirst().messageId());
            assertThat(server.seen()).hasSize(3);

            SendResult deliberate = send(engine(1), mailer, messages(3), SendOptions.DEFAULT.withResendUncertain());
            assertThat(deliberate.sent()).extracting(SendResult.Message::clientId).containsExactly("C1001");
            assertThat(deliberate.uncertain()).isEmpty();
            assertThat(server.seen()).hasSize(4);
        }
    }

    @Test
    void connectionDroppedMidDataIsResentOnANewConnection() throws Exception {
        // a body large enough that the client is still writing when the server hangs up
        String big = "x".repeat(60).concat("\n").repeat(400_000);
        Map<String, Object> model = TemplateModel.builder().company("ACME", "").put("extra", big).build();
        MessageTemplates templates = MessageTemplates.fromDir(writeTemplates(state.resolve("tpl"),
                "Report", "{{extra}}", "<p>{{extra}}</p>"));
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {
            @Override
            public long dropDataAfter(int connection) {
                return connection == 1 ? 64 * 1024 : -1;
            }
        }); Mailer mailer = Mailer.create(plainSettings(server.port()).build(), IDENTITY, templates, state)) {
            SendResult r = send(engine(1), mailer,
                    List.of(new OutgoingMessage(new Recipient("C1", "One", "one@example.com"), model)),
                    SendOptions.DEFAULT);

            assertThat(r.sent()).hasSize(1);
            assertThat(r.uncertain()).isEmpty();
            assertThat(server.connections()).isEqualTo(2);
            assertThat(server.accepted()).singleElement().satisfies(m -> assertThat(m.connection()).isEqualTo(2));
        }
    }

    @Test
    void crashBetweenAcceptanceAndJournalWriteIsListedAsUncertainNotResent() throws Exception {
        List<OutgoingMessage> msgs = messages(2);
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {});
             Mailer mailer = mailer(plainSettings(server.port()).build(), state)) {
            // what a crashed run leaves behind: the intent is durable, the server took the message, no acceptance
            String id = braid.mail.internal.MessageComposer.messageId(DATE, "C1001", IDENTITY.messageIdDomain());
            try (SendJournal journal = SendJournal.open(state, DATE)) {
                journal.intent(id, "C1001", "client1@example.com");
                journal.force();
            }
            Properties p = new Properties();
            p.put("mail.smtp.host", "127.0.0.1");
            p.put("mail.smtp.port", Integer.toString(server.port()));
            MimeMessage m = new MimeMessage(Session.getInstance(p));
            m.setFrom("reports@acme.example");
            m.setText("sent before the crash");
            Transport.send(m, new Address[]{new InternetAddress("client1@example.com")});
            assertThat(server.accepted()).hasSize(1);

            SendResult rerun = send(engine(2), mailer, msgs, SendOptions.DEFAULT);
            assertThat(rerun.uncertain()).extracting(SendResult.Message::messageId).containsExactly(id);
            assertThat(rerun.sent()).extracting(SendResult.Message::clientId).containsExactly("C1002");
            assertThat(rerun.outcome()).isEqualTo(SendResult.Outcome.PARTIAL);
            assertThat(server.accepted()).hasSize(2);
        }
    }

    @Test
    void rerunSendsOnlyWhatWasNotSentAndResendOptionsAreDeliberate() throws Exception {
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {});
             Mailer mailer = mailer(plainSettings(server.port()).build(), state)) {
            SendResult first = send(engine(2), mailer, messages(3), SendOptions.DEFAULT);
            assertThat(first.sent()).hasSize(3);

            SendResult more = send(engine(2), mailer, messages(5), SendOptions.DEFAULT);
            assertThat(more.alreadySent()).hasSize(3);
            assertThat(more.sent()).extracting(SendResult.Message::clientId).containsExactlyInAnyOrder("C1004", "C1005");
            assertThat(server.accepted()).hasSize(5);

            String id = first.sent().getFirst().messageId();
            SendResult one = send(engine(2), mailer, messages(5),
                    SendOptions.DEFAULT.withResend(id.substring(1, id.length() - 1)));
            assertThat(one.sent()).extracting(SendResult.Message::messageId).containsExactly(id);
            assertThat(one.alreadySent()).hasSize(4);

            SendResult all = send(engine(2), mailer, messages(5), SendOptions.DEFAULT.withResendAll());
            assertThat(all.sent()).hasSize(5);
            assertThat(server.accepted()).hasSize(11);
        }
    }

    @Test
    void suppressedAndInvalidRecipientsAreNeverMailedAndCounted() throws Exception {
        List<OutgoingMessage> msgs = new java.util.ArrayList<>(messages(4));
        msgs.add(new OutgoingMessage(new Recipient("C9", "No Domain", "nobody@localhost"), model()));
        msgs.add(new OutgoingMessage(new Recipient("C10", "Umlaut", "jürgen@example.com"), model()));
        msgs.add(new OutgoingMessage(new Recipient("C1001", "Duplicate", "dup@example.com"), model()));
        Path file = state.resolve("suppressed.txt");
        java.nio.file.Files.writeString(file, "# unsubscribed\nCLIENT1@example.com\nC1003\n");
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {});
             Mailer mailer = mailer(plainSettings(server.port()).build(), state)) {
            SendResult r = send(engine(2), mailer, msgs,
                    SendOptions.DEFAULT.withSuppression(Suppression.fromFile(file)));

            assertThat(r.suppressed()).extracting(SendResult.Message::clientId).containsExactly("C1001", "C1003");
            assertThat(r.invalid()).extracting(SendResult.Invalid::clientId).containsExactly("C9", "C10", "C1001");
            assertThat(r.sent()).extracting(SendResult.Message::clientId).containsExactlyInAnyOrder("C1002", "C1004");
            assertThat(server.accepted()).flatExtracting(FakeSmtpServer.Received::recipients)
                    .containsExactlyInAnyOrder("client2@example.com", "client4@example.com");
            assertThat(r.summary()).contains("suppressed 2").contains("invalid 3");
        }
    }

    @Test
    void aDomainWrittenWithAnUmlautIsMailedInItsAsciiFormAndSuppressedWhicheverWayItIsWritten() throws Exception {
        // SAP holds what the client typed; without SMTPUTF8 only the local part must be ASCII: the domain goes out as
        // every mail program sends it (it was refused: "contains non-ASCII characters", and the client got nothing)
        List<OutgoingMessage> msgs = List.of(
                new OutgoingMessage(new Recipient("C1", "Müller Bau", "info@müller-bau.example"), model()),
                new OutgoingMessage(new Recipient("C2", "Bücher", "post@xn--bcher-kva.example"), model()),
                new OutgoingMessage(new Recipient("C3", "Jürgen", "jürgen@müller-bau.example"), model()));
        Suppression unsubscribed = Suppression.of(List.of("post@bücher.example"));
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {});
             Mailer mailer = mailer(plainSettings(server.port()).build(), state)) {
            SendResult r = send(engine(2), mailer, msgs, SendOptions.DEFAULT.withSuppression(unsubscribed));
            assertThat(r.sent()).extracting(SendResult.Message::clientId).containsExactly("C1");
            assertThat(r.suppressed()).extracting(SendResult.Message::clientId).containsExactly("C2");
            assertThat(r.invalid()).extracting(SendResult.Invalid::reason).singleElement().asString().contains("non-ASCII");
            FakeSmtpServer.Received got = server.accepted().getFirst();
            assertThat(got.recipients()).containsExactly("info@xn--mller-bau-q9a.example");
            assertThat(((InternetAddress) parse(got.raw()).getRecipients(jakarta.mail.Message.RecipientType.TO)[0]).getAddress())
                    .isEqualTo("info@xn--mller-bau-q9a.example");
        }
    }

    @Test
    void unsubscribeHeadersFollowRfc8058WhenConfigured() throws Exception {
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {});
             Mailer mailer = mailer(plainSettings(server.port()).build(), state)) {
            send(engine(1), mailer, messages(1),
                    SendOptions.DEFAULT.withUnsubscribeUrl("https://acme.example/unsubscribe?c={clientId}&m={messageId}"));
            MimeMessage msg = parse(server.accepted().getFirst().raw());
            assertThat(msg.getHeader("List-Unsubscribe", null))
                    .matches("<https://acme\\.example/unsubscribe\\?c=C1001&m=%3Cbraid\\.20261123\\.C1001\\.[0-9a-f]+%40acme\\.example%3E>");
            assertThat(msg.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
            assertThat((String) ((MimeMultipart) msg.getContent()).getBodyPart(0).getContent())
                    .contains("To stop receiving this report: https://acme.example/unsubscribe?c=C1001");
        }
    }

    @Test
    void canaryRedirectSendsEverythingToOneAddressAndLeavesTheJournalAlone() throws Exception {
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {});
             Mailer mailer = mailer(plainSettings(server.port()).build(), state)) {
            SendResult canary = send(engine(2), mailer, messages(3), SendOptions.DEFAULT.withRedirectTo("qa@acme.example"));
            assertThat(canary.canary()).isTrue();
            assertThat(canary.sent()).hasSize(3);
            assertThat(server.accepted()).flatExtracting(FakeSmtpServer.Received::recipients)
                    .containsOnly("qa@acme.example");

            SendResult real = send(engine(2), mailer, messages(3), SendOptions.DEFAULT);
            assertThat(real.sent()).hasSize(3);
            assertThat(real.alreadySent()).isEmpty();
        }
    }

    @Test
    void poolReusesFewLongLivedConnections() throws Exception {
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {});
             Mailer mailer = mailer(plainSettings(server.port()).poolSize(2).journalBatch(5).build(), state)) {
            SendResult r = send(engine(2), mailer, messages(60), SendOptions.DEFAULT);
            assertThat(r.sent()).hasSize(60);
            assertThat(server.connections()).isBetween(1, 2);
            assertThat(Set.copyOf(server.accepted().stream().map(m -> m.recipients().getFirst()).toList())).hasSize(60);
        }
    }

    @Test
    void connectionClosedBeforeDataIsReopenedAndSendingContinues() throws Exception {
        AtomicInteger mails = new AtomicInteger();
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {
            @Override
            public String mailFrom(String from) {
                int n = mails.incrementAndGet();
                if (n == 3) {
                    return "421 4.7.0 too many messages on this connection, closing";
                }
                return n == 6 ? null : "250 2.1.0 OK"; // 6th: the server silently dropped the idle connection
            }
        }); Mailer mailer = mailer(plainSettings(server.port()).build(), state)) {
            SendResult r = send(engine(1), mailer, messages(6), SendOptions.DEFAULT);

            assertThat(r.sent()).hasSize(6);
            assertThat(r.failed()).isEmpty();
            assertThat(r.uncertain()).isEmpty();
            assertThat(server.connections()).as(String.join("\n", server.commands())).isEqualTo(3);
            assertThat(server.accepted()).hasSize(6);
        }
    }

    @Test
    void cancelledRunWithdrawsTheIntentsOfMessagesNotSent() throws Exception {
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {
            @Override
            public String rcpt(String to) {
                return "451 4.7.1 try again later";
            }
        }); Mailer mailer = mailer(plainSettings(server.port())
                .retries(5, java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(30)).build(), state)) {
            Engine engine = Engine.builder().limit(Mailer.RESOURCE, 1).deadline(java.time.Duration.ofMillis(700)).build();
            long t0 = System.nanoTime();
            org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> send(engine, mailer, messages(3), SendOptions.DEFAULT));
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofSeconds(20));
            try (SendJournal j = SendJournal.open(state, DATE)) {
                assertThat(j.uncertain()).isEmpty();
                assertThat(j.entries()).isEmpty();
            }
        }
    }

    @Test
    void greeting421IsRetriedWithBackoff() throws Exception {
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {
            @Override
            public String greeting(int n) {
                return n == 1 ? "421 4.3.2 too busy, try later" : "220 fake.test ESMTP";
            }
        }); Mailer mailer = mailer(plainSettings(server.port()).build(), state)) {
            SendResult r = send(engine(1), mailer, messages(2), SendOptions.DEFAULT);
            assertThat(r.sent()).hasSize(2);
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void serverRefusingEveryConnectionStopsTheSendWithItsReply() throws Exception {
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {
            @Override
            public String greeting(int n) {
                return "421 4.3.2 service not available";
            }
        }); Mailer mailer = mailer(plainSettings(server.port()).build(), state)) {
            SmtpException e = org.junit.jupiter.api.Assertions.assertThrows(SmtpException.class,
                    () -> send(engine(1), mailer, messages(2), SendOptions.DEFAULT));
            assertThat(e.kind()).isEqualTo(SmtpException.Kind.CONNECTION);
            assertThat(e.replyCode()).isEqualTo(421);
            assertThat(e.result()).hasValueSatisfying(r -> assertThat(r.failed()).hasSize(2));
            try (SendJournal j = SendJournal.open(state, DATE)) {
                assertThat(j.uncertain()).isEmpty(); // withdrawn: a rerun will send them
            }
        }
    }

    static Path writeTemplates(Path dir, String subject, String text, String html) throws java.io.IOException {
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.writeString(dir.resolve("subject.mustache"), subject, StandardCharsets.UTF_8);
        java.nio.file.Files.writeString(dir.resolve("text.mustache"), text, StandardCharsets.UTF_8);
        java.nio.file.Files.writeString(dir.resolve("html.mustache"), html, StandardCharsets.UTF_8);
        return dir;
    }
}
