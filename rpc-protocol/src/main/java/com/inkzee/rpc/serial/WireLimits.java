package com.inkzee.rpc.serial;

/**
 * Per-field caps applied while decoding, on top of the frame bound (a length can never exceed the
 * bytes left in the frame).
 *
 * @param maxStringBytes largest string field, in UTF-8 bytes
 * @param maxBinaryBytes largest {@code byte[]} field
 * @param maxListElements most elements in one list field
 * @param maxDepth deepest nesting of messages and lists; bounds recursion on hostile input
 * @param maxValues most list elements and nested messages in one message, all lists and levels
 *     together. Each costs the peer as little as one byte and the reader an object (an empty
 *     record, a boxed number, a list slot) of 20 to 150 bytes: without this a 16 MB frame of empty
 *     nested messages held 447 MiB on the heap (measured, 16 million two-field records).
 */
public record WireLimits(
    int maxStringBytes, int maxBinaryBytes, int maxListElements, int maxDepth, int maxValues) {

  /**
   * Defaults: 4 MiB strings (entry content is capped at 1 MiB after sanitising, with room for
   * escapes), 8 MiB binary, 100,000 list elements (a page or batch is far smaller), depth 32, and
   * 250,000 values in a message: room for two full lists and what they hold, and at most a few tens
   * of MiB of objects however the frame is filled.
   */
  public static final WireLimits DEFAULT = new WireLimits(4 << 20, 8 << 20, 100_000, 32, 250_000);

  public WireLimits {
    if (maxStringBytes <= 0
        || maxBinaryBytes <= 0
        || maxListElements <= 0
        || maxDepth <= 0
        || maxValues <= 0) {
      throw new IllegalArgumentException("wire limits must be positive: " + this);
    }
  }
}
