/** Test-only servers and helpers: a proxy, a scriptable SMTP server, certificates, headless Chromium. */
@NullMarked
package braid.testkit;

import org.jspecify.annotations.NullMarked;
