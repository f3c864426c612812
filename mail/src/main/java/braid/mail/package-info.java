/**
 * Personalized report e-mails over SMTP: templates, a durable send journal, a pooled sender and a dry run.
 *
 * <p>Entry points: {@link braid.mail.Mailer} (send; and, outside a run, {@code checkSession} and
 * {@code sendNotice} for single sessions), {@link braid.mail.DryRun} (render to files),
 * {@link braid.mail.SendJournal} (what was sent for a report date). Everything else is a value.
 */
@NullMarked
package braid.mail;

import org.jspecify.annotations.NullMarked;
