package com.inkzee.fetcher.fetch;

import java.io.IOException;
import java.util.Objects;

/**
 * A fetch that produced no HTTP response worth keeping: refused by a safety rule, cut off at a
 * limit, or failed on the network. HTTP error statuses (404, 429, 503...) are not exceptions; they
 * come back as a {@link FetchResult}. The message names the URL, the value and the limit.
 */
public class FetchException extends IOException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, for the poll loop's choice between backing off and giving up. */
  public enum Kind {
    /** The URL's host resolved to, or a connection went to, an address the policy refuses. */
    ADDRESS_NOT_ALLOWED,
    /** The URL, or a redirect target, is not http or https. */
    SCHEME_NOT_ALLOWED,
    /** The body, counted after decompression, is over {@code maxBodyBytes}. */
    TOO_LARGE,
    /** The connect, read or whole-fetch timeout passed, or no fetch slot came free in time. */
    TIMEOUT,
    /** More than {@code maxRedirects} redirects. */
    TOO_MANY_REDIRECTS,
    /** A redirect chain came back to a URL it had already visited. */
    REDIRECT_LOOP,
    /** The TLS handshake failed: untrusted or invalid certificate, or no common protocol. */
    TLS,
    /** DNS failure, connection refused or reset before a response arrived. */
    CONNECT,
    /** A malformed response, or one cut short after its headers. */
    PROTOCOL
  }

  private final Kind kind;

  public FetchException(Kind kind, String message) {
    this(kind, message, null);
  }

  public FetchException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
