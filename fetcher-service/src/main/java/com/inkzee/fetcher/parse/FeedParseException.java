package com.inkzee.fetcher.parse;

import static java.util.Objects.requireNonNull;

/**
 * A body that did not yield a feed, with the specific reason: "not a feed: HTML page", "DOCTYPE
 * declares entities (XXE/billion laughs) — refused", "XML error at line 3: …". The poll loop logs
 * the message with the feed's id and URL and records the failure; it is never a bug of ours (those
 * are {@link IllegalStateException}s).
 */
public final class FeedParseException extends Exception {
  /** What kind of refusal this is, so callers (and tests) need not match on message text. */
  public enum Reason {
    /** Zero bytes, or only whitespace. */
    EMPTY,
    /** Larger than {@link FeedParser#MAX_BODY_BYTES}. */
    TOO_LARGE,
    /** Well-formed enough to tell, but an HTML page, plain text, compressed bytes or other XML. */
    NOT_A_FEED,
    /** A DOCTYPE with an internal subset (entity declarations): refused, never expanded. */
    UNSAFE_DOCTYPE,
    /** Not well-formed XML, even after the lenient retry. */
    MALFORMED_XML,
    /** A JSON body that is not valid JSON or breaks the JSON Feed limits. */
    MALFORMED_JSON,
    /** Nested or repeated beyond what parsing it can take: it overflowed the stack. */
    TOO_COMPLEX
  }

  private final Reason reason;

  public FeedParseException(Reason reason, String message) {
    super(message);
    this.reason = requireNonNull(reason, "reason");
  }

  public FeedParseException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
