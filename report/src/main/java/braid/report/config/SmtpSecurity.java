package braid.report.config;

/** How the SMTP connection is secured (key {@code mail.smtp.security}). */
public enum SmtpSecurity {
    /** Plain connection upgraded with STARTTLS, which is required; default port 587. */
    STARTTLS(587),
    /** TLS from the first byte (implicit TLS); default port 465. */
    SMTPS(465),
    /** No encryption; refused when a username is set. Default port 25. */
    NONE(25);

    private final int defaultPort;

    SmtpSecurity(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** The port used when {@code mail.smtp.port} is not set. */
    public int defaultPort() {
        return defaultPort;
    }
}
