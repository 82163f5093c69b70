package com.inkzee.e2e.feeds;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Items for test feeds with text that is unmistakably their own: the body is pseudo-words drawn
 * from a generator seeded by the guid, so two different stories never look like near-duplicates to
 * the ranker's fingerprints (real words repeated across stories might), and no body contains a real
 * word an alert could match by chance.
 */
public final class Stories {
  private static final String LETTERS = "bcdfghjklmnprstvwz";
  private static final String VOWELS = "aeiou";

  private Stories() {}

  /** An item with {@code words} words of text, published now. */
  public static FeedItem item(String guid, String title, String link, int words) {
    return new FeedItem(guid, title, link, title + ". " + text(guid, words), Instant.now());
  }

  /** {@code words} pseudo-words, the same for the same seed. */
  public static String text(String seed, int words) {
    SplittableRandom random = new SplittableRandom(seed.hashCode() * 0x9E3779B97F4A7C15L);
    StringBuilder out = new StringBuilder();
    for (int w = 0; w < words; w++) {
      if (w > 0) {
        out.append(w % 12 == 0 ? ". " : " ");
      }
      int syllables = 1 + random.nextInt(3);
      for (int s = 0; s < syllables; s++) {
        out.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        out.append(VOWELS.charAt(random.nextInt(VOWELS.length())));
      }
    }
    return out.append('.').toString();
  }
}
