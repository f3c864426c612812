/** Stand-ins for the demo: a website, SAP's OData service, an SMTP sink and generated logs, all on loopback. */
module braid.sandbox {
    requires com.fasterxml.jackson.databind;
    requires greenmail;
    requires jakarta.mail;
    requires jdk.httpserver;
    requires static org.jspecify;
    exports braid.sandbox;
}
