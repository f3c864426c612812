/** Personalized e-mail over SMTP: templates, a send journal that never sends twice, delivery. */
module braid.mail {
    requires transitive braid.core;
    requires com.github.mustachejava;
    requires transitive jakarta.mail;
    requires org.eclipse.angus.mail;
    requires static org.jspecify;
    exports braid.mail;
}
