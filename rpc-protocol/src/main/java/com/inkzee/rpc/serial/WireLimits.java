package com.inkzee.rpc.serial;

/**
 * Per-field caps applied while decoding, on top of the frame bound (a length can never exceed the
 * bytes left in the frame).
 *
 * @param maxStringBytes largest string field, in UTF-8 bytes
 * @param maxBinaryBytes largest {@code byte[]} field
 * @param maxListElements most elements in one list field
 * @param maxDepth deepest nesting of messages and lists; bounds recursion on hostile input
 */
public record WireLimits(
    int maxStringBytes, int maxBinaryBytes, int maxListElements, int maxDepth) {

  /**
   * Defaults: 4 MiB strings (entry content is capped at 1 MiB after sanitising, with room for
   * escapes), 8 MiB binary, 100,000 list elements (a page or batch is far smaller), depth 32.
   */
  public static final WireLimits DEFAULT = new WireLimits(4 << 20, 8 << 20, 100_000, 32);

  public WireLimits {
    if (maxStringBytes <= 0 || maxBinaryBytes <= 0 || maxListElements <= 0 || maxDepth <= 0) {
      throw new IllegalArgumentException("wire limits must be positive: " + this);
    }
  }
}
