package com.inkzee.opml;

/** The OPML input is over one of {@link OpmlReader}'s limits; carries the limit and its unit. */
public final class OpmlLimitExceededException extends InvalidOpmlException {
  private static final long serialVersionUID = 1L;

  private final long limit;
  private final String unit;

  public OpmlLimitExceededException(String message, long limit, String unit) {
    super(message);
    this.limit = limit;
    this.unit = unit;
  }

  /** The limit that was exceeded. */
  public long limit() {
    return limit;
  }

  /** What the limit counts: "bytes", "outlines" or "levels". */
  public String unit() {
    return unit;
  }
}
