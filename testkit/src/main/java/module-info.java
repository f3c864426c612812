/** Test-only servers and helpers: a proxy, a scriptable SMTP server, certificates, headless Chromium. */
module braid.testkit {
    requires braid.sandbox;
    requires jdk.httpserver;
    requires static org.jspecify;
    exports braid.testkit;
}
