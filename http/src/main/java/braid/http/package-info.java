/**
 * The HTTP layer shared by the website reader, the SAP client, {@code braid fetch} and the health checks.
 *
 * <ul>
 *   <li>{@link braid.http.HttpClients}: the JDK client set up once (connect timeout, proxy, TLS, HTTP/2, redirects
 *       left to the caller);</li>
 *   <li>{@link braid.http.ProxyAuthorization}: Basic proxy credentials sent once, and a 407 in words;</li>
 *   <li>{@link braid.http.RetryAfterHeader}: {@code Retry-After} in seconds or as an HTTP date (RFC 9110);</li>
 *   <li>{@link braid.http.LimitedBody} and {@link braid.http.ContentDecoding}: bodies cut off at a size limit,
 *       also after gzip or deflate (a gzip bomb stops at the limit);</li>
 *   <li>{@link braid.http.HttpFailure}: what went wrong as a kind (DNS, refused, timeout, TLS, …) and in words;</li>
 *   <li>{@link braid.http.Http1Client}: HTTP/1.1 over TCP or TLS on blocking sockets, for bulk requests to
 *       {@code http://} without a proxy (a bulk fetch spends half the CPU per request it spends on the JDK
 *       client), the health checks, {@code https://} too (a fifth less CPU in a fresh process), and SAP's pages
 *       without a proxy, their bodies streamed to the parser as they arrive (a third of the CPU per 1.5 MB page,
 *       and no page held whole);</li>
 *   <li>{@link braid.http.HostPort}: "host:port" as messages show it.</li>
 * </ul>
 */
@NullMarked
package braid.http;

import org.jspecify.annotations.NullMarked;
