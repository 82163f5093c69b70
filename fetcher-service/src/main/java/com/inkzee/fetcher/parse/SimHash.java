package com.inkzee.fetcher.parse;

import java.util.Locale;

/**
 * A 64-bit SimHash (Charikar) of an entry's visible text, so the ranker can collapse near-duplicate
 * stories by Hamming distance: texts that share most of their word shingles differ in a few bits,
 * unrelated texts in about 32. For a short news text (40 words) a one-word edit moves about 6 bits,
 * so a "near duplicate" threshold around 10 bits suits the ranker; longer texts move less.
 *
 * <p>Features: the text is lower-cased and split into words (runs of letters and digits, any
 * script); each run of {@link #SHINGLE_WORDS} consecutive words is one feature (a text shorter than
 * that is one feature). Each feature is hashed to 64 bits (FNV-1a over its UTF-16 code units, then
 * the SplitMix64 finaliser so that every input bit moves every output bit); bit i of the result is
 * set when more features have bit i set than clear. Empty text hashes to 0.
 */
public final class SimHash {
  /**
   * Two-word shingles: word order counts, and one edited word changes only two features (with
   * three-word shingles a one-word edit of a 40-word text moved 13 bits; with two, 6 or 7).
   */
  static final int SHINGLE_WORDS = 2;

  private static final java.util.regex.Pattern NON_WORD =
      java.util.regex.Pattern.compile("[^\\p{L}\\p{N}]+");

  private SimHash() {}

  public static long of(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    String[] words = words(text);
    if (words.length == 0) {
      return 0;
    }
    int[] votes = new int[64];
    int features = Math.max(1, words.length - SHINGLE_WORDS + 1);
    for (int i = 0; i < features; i++) {
      long h = 0xcbf29ce484222325L;
      int end = Math.min(words.length, i + SHINGLE_WORDS);
      for (int w = i; w < end; w++) {
        String word = words[w];
        for (int c = 0; c < word.length(); c++) {
          h ^= word.charAt(c);
          h *= 0x100000001b3L;
        }
        h ^= ' ';
        h *= 0x100000001b3L;
      }
      h = mix(h);
      for (int bit = 0; bit < 64; bit++) {
        votes[bit] += ((h >>> bit) & 1) != 0 ? 1 : -1;
      }
    }
    long result = 0;
    for (int bit = 0; bit < 64; bit++) {
      if (votes[bit] > 0) {
        result |= 1L << bit;
      }
    }
    return result;
  }

  /** Bits in which two fingerprints differ (0 = same shingles, ~32 = unrelated). */
  public static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }

  private static String[] words(String text) {
    return NON_WORD
        .splitAsStream(text.toLowerCase(Locale.ROOT))
        .filter(w -> !w.isEmpty())
        .toArray(String[]::new);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
