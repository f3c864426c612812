package braid.mail.internal;

import braid.mail.SmtpSettings;
import jakarta.mail.Session;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Properties;

/** Translates {@link SmtpSettings} into Jakarta Mail session properties. Stateless. */
public final class SmtpSessions {
    private SmtpSessions() {
    }

    /** A session configured for sending, with every timeout finite and TLS verified unless told otherwise. */
    public static Session create(SmtpSettings s) {
        Properties p = new Properties();
        p.put("mail.mime.charset", "UTF-8");
        for (String prefix : new String[]{"mail.smtp.", "mail.smtps."}) {
            p.put(prefix + "host", s.host());
            p.put(prefix + "port", Integer.toString(s.port()));
            p.put(prefix + "connectiontimeout", Long.toString(s.connectTimeout().toMillis()));
            p.put(prefix + "timeout", Long.toString(s.readTimeout().toMillis()));
            p.put(prefix + "writetimeout", Long.toString(s.writeTimeout().toMillis()));
            p.put(prefix + "auth", Boolean.toString(s.username() != null));
            boolean startTls = s.security() == SmtpSettings.Security.STARTTLS;
            p.put(prefix + "starttls.enable", Boolean.toString(startTls));
            // required, not opportunistic: a missing STARTTLS must stop us before AUTH or any data in clear
            p.put(prefix + "starttls.required", Boolean.toString(startTls));
            p.put(prefix + "ssl.checkserveridentity", Boolean.toString(!s.insecureTrustAll()));
            // the QUIT reply carries nothing we need; not waiting for it makes closing fast and failure-free
            p.put(prefix + "quitwait", "false");
            if (s.heloName() != null) {
                p.put(prefix + "localhost", s.heloName());
            }
            if (prefix.equals("mail.smtp.")) {
                p.put(prefix + "socketFactory", OwnSockets.INSTANCE); // plain and STARTTLS: see OwnSockets
            }
            SSLContext context = s.insecureTrustAll() ? trustAll() : s.sslContext();
            if (context != null) {
                p.put(prefix + "ssl.socketFactory", context.getSocketFactory());
            }
            if (s.insecureTrustAll()) {
                p.put(prefix + "ssl.trust", "*");
            }
        }
        return Session.getInstance(p);
    }

    /** A session for composing only (dry run): no server settings. */
    public static Session offline() {
        Properties p = new Properties();
        p.put("mail.mime.charset", "UTF-8");
        return Session.getInstance(p);
    }

    private static SSLContext trustAll() {
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, new TrustManager[]{new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JDK", e);
        }
    }
}
