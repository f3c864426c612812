package braid.cli;

import braid.sandbox.DemoEnvironment;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code braid sandbox}: the demo's stand-in services, kept up for trying {@code braid report run} by hand. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped with Ctrl-C (or SIGTERM)", "1:a stand-in could not start", "2:bad usage"},
        description = "Starts the demo's stand-ins on loopback (website, SAP OData V2, SMTP sink, generated logs), writes a ready braid.yaml and keeps them up until Ctrl-C.")
public final class SandboxCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "braid-sandbox",
            description = "Where to write braid.yaml, the logs, the state and the received e-mails. Default: ${DEFAULT-VALUE}.")
    Path dir;

    @Option(names = "--fast", description = "No artificial latency (the demo adds some to make the overlap visible).")
    boolean fast;

    @Option(names = "--smtp-auth", description = {"The SMTP stand-in speaks STARTTLS and AUTH (PLAIN, LOGIN) with the user "
            + "and password it prints, as a company relay on port 587 does; braid.yaml gets security: starttls, the user, "
            + "the password reference and the sandbox certificate's trust store. To rehearse a production-like mail section."})
    boolean smtpAuth;

    @Override
    public Integer call() throws Exception {
        LocalDate day = LocalDate.now(DemoEnvironment.ZONE).minusDays(1);
        DemoEnvironment.Latency latency = fast ? DemoEnvironment.Latency.NONE : DemoEnvironment.Latency.DEMO;
        try (DemoEnvironment env = smtpAuth ? DemoEnvironment.startWithSmtpAuth(dir.toAbsolutePath(), day, latency)
                : DemoEnvironment.start(dir.toAbsolutePath(), day, latency)) {
            var o = System.out;
            o.println("braid sandbox is up (report day " + day + "):");
            o.println("  website   " + env.website().newsPageUri() + "   (feed " + env.website().rssFeedUri() + ")");
            o.println("  SAP       " + env.sap().serviceRoot() + "   (user " + DemoEnvironment.SAP_USER + ", sap-client 100)");
            if (env.smtpAuth()) {
                o.println("  SMTP      127.0.0.1:" + env.smtpPort() + "   STARTTLS + AUTH, user " + DemoEnvironment.SMTP_USER
                        + ", password " + DemoEnvironment.SMTP_PASSWORD + "   (received mail as .eml in " + env.smtp().folder() + ")");
            } else {
                o.println("  SMTP      127.0.0.1:" + env.smtpPort() + "   (received mail as .eml in " + env.smtp().folder() + ")");
            }
            o.println("  logs      " + env.logsDir());
            o.println("  config    " + env.config());
            o.println();
            o.println("Try, in another terminal:");
            o.println("  export " + DemoEnvironment.SAP_PASSWORD_ENV + "=" + DemoEnvironment.SAP_PASSWORD);
            if (env.smtpAuth()) o.println("  export " + DemoEnvironment.SMTP_PASSWORD_ENV + "=" + DemoEnvironment.SMTP_PASSWORD);
            o.println("  ./braid report run --config " + env.config() + " --dry-run");
            o.println("  ./braid report run --config " + env.config());
            o.println("  ./braid sap clients --url " + env.sap().serviceRoot() + " --sap-client 100 --user " + DemoEnvironment.SAP_USER
                    + " --password-env " + DemoEnvironment.SAP_PASSWORD_ENV);
            o.println("Ctrl-C stops the sandbox.");
            o.flush();
            CountDownLatch forever = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
            forever.await();
        }
        return 0;
    }
}
