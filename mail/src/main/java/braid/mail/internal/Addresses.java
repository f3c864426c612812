package braid.mail.internal;

import org.jspecify.annotations.Nullable;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;

/** Checks addresses and makes header-safe text out of data from SAP or the website. Stateless. */
public final class Addresses {
    private static final java.util.regex.Pattern DOMAIN = java.util.regex.Pattern.compile(
            "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");

    private Addresses() {
    }

    /**
     * {@code email} as SMTP carries it without SMTPUTF8: a domain written in Unicode ({@code info@müller-bau.de}) in
     * its ASCII form ({@code info@xn--mller-bau-q9a.de}), as every mail program sends it. Anything else is returned
     * as it is: a local part outside ASCII needs SMTPUTF8 (refused by {@link #problemWithAddress}), and a domain
     * that is no internationalized name is for that check to name.
     */
    public static String forSmtp(String email) {
        int at = email.lastIndexOf('@');
        if (at <= 0 || email.chars().allMatch(c -> c < 0x80) || !email.substring(0, at).chars().allMatch(c -> c < 0x80)) {
            return email;
        }
        try {
            return email.substring(0, at + 1) + java.net.IDN.toASCII(email.substring(at + 1), java.net.IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException notAName) {
            return email;
        }
    }

    /**
     * Returns why {@code email} cannot be used as a single SMTP recipient, or null when it can.
     *
     * <p>Stricter than InternetAddress alone: that parser accepts group syntax, display names and comments,
     * none of which belong in a bare address taken from SAP. Non-ASCII is refused because it would need SMTPUTF8.
     */
    public static @Nullable String problemWithAddress(String email) {
        if (email == null || email.isEmpty()) {
            return "empty";
        }
        if (email.length() > 254) {
            return "longer than 254 characters";
        }
        email = forSmtp(email);
        for (int i = 0; i < email.length(); i++) {
            char c = email.charAt(i);
            if (c < 0x21 || c == 0x7f) {
                return "contains a space or control character";
            }
            if (c > 0x7e) {
                return "contains non-ASCII characters (SMTPUTF8 is not supported)";
            }
            if ("<>()[],;:\\\"".indexOf(c) >= 0) {
                return "contains '" + c + "'";
            }
        }
        int at = email.lastIndexOf('@');
        if (at <= 0 || at != email.indexOf('@') || at == email.length() - 1) {
            return "needs exactly one '@' between a local part and a domain";
        }
        String domain = email.substring(at + 1);
        if (!DOMAIN.matcher(domain).matches()) {
            return "domain '" + domain + "' is not a host name";
        }
        try {
            new InternetAddress(email, true).validate();
        } catch (AddressException e) {
            return e.getMessage();
        }
        return null;
    }

    /** Parses one configured mailbox (display name allowed), or throws IllegalArgumentException naming it. */
    public static InternetAddress parseMailbox(String mailbox) {
        try {
            InternetAddress[] parsed = InternetAddress.parse(mailbox, true);
            if (parsed.length != 1 || parsed[0].isGroup()) {
                throw new IllegalArgumentException("not exactly one mailbox: '" + mailbox + "'");
            }
            String problem = problemWithAddress(parsed[0].getAddress());
            if (problem != null) {
                throw new IllegalArgumentException("mailbox '" + mailbox + "': " + problem);
            }
            String personal = parsed[0].getPersonal();
            return personal == null ? parsed[0] : mailbox(parsed[0].getAddress(), personal);
        } catch (AddressException e) {
            throw new IllegalArgumentException("not a mailbox: '" + mailbox + "': " + e.getMessage(), e);
        }
    }

    /** A mailbox whose display name is cleaned of control characters and RFC 2047-encoded when not ASCII. */
    public static InternetAddress mailbox(String address, String displayName) {
        String name = headerText(displayName);
        try {
            return name.isEmpty() ? new InternetAddress(address)
                    : new InternetAddress(address, name, StandardCharsets.UTF_8.name());
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new IllegalArgumentException("address '" + address + "': " + e.getMessage(), e);
        }
    }

    /**
     * Text safe for one header line: control characters (CR and LF included), Unicode line and paragraph
     * separators and format characters become spaces, runs of white space collapse, and the ends are trimmed.
     */
    public static String headerText(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(raw.length());
        boolean space = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            int type = Character.getType(c);
            boolean blank = Character.isWhitespace(c) || Character.isSpaceChar(c) || type == Character.CONTROL
                    || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || c == '\u0085';
            if (blank) {
                space = true;
            } else {
                if (space && !out.isEmpty()) {
                    out.append(' ');
                }
                space = false;
                out.append(c);
            }
        }
        return out.toString();
    }
}
