package com.inkzee.ranker.testing;

import com.inkzee.ranker.window.WindowEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Builds window entries for ranker tests, with fingerprints as the fetcher computes them. */
public final class TestEntries {
  public static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  private TestEntries() {}

  /** An entry with text, URL and fingerprint of that text; sequence = id. */
  public static WindowEntry entry(
      long id, long feedId, Instant sortAt, String title, String url, String text) {
    return new WindowEntry(
        id, id, feedId, title, url, null, text, List.of(), sortAt, simHash(text), 100);
  }

  /** A plain entry: unique text and URL derived from the id. */
  public static WindowEntry entry(long id, long feedId, Instant sortAt) {
    return entry(id, feedId, sortAt, "Entry " + id, "https://feed" + feedId + ".example/" + id, "");
  }

  public static WindowEntry withAuthor(WindowEntry e, String author) {
    return new WindowEntry(
        e.id(),
        e.sequence(),
        e.feedId(),
        e.title(),
        e.url(),
        author,
        e.text(),
        e.categories(),
        e.sortAt(),
        e.fingerprint(),
        e.wordCount());
  }

  /** A clock the test moves by hand. */
  public static final class MutableClock extends Clock {
    private volatile Instant now;

    public MutableClock(Instant now) {
      this.now = now;
    }

    public void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  /**
   * The fetcher's SimHash (fetcher-service {@code parse/SimHash}), copied because no service module
   * depends on another: two-word shingles, FNV-1a per shingle, SplitMix64 finaliser, bit votes.
   */
  public static long simHash(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    String[] words =
        NON_WORD
            .splitAsStream(text.toLowerCase(Locale.ROOT))
            .filter(w -> !w.isEmpty())
            .toArray(String[]::new);
    if (words.length == 0) {
      return 0;
    }
    int[] votes = new int[64];
    int features = Math.max(1, words.length - 1);
    for (int i = 0; i < features; i++) {
      long h = 0xcbf29ce484222325L;
      for (int w = i; w < Math.min(words.length, i + 2); w++) {
        for (int c = 0; c < words[w].length(); c++) {
          h ^= words[w].charAt(c);
          h *= 0x100000001b3L;
        }
        h ^= ' ';
        h *= 0x100000001b3L;
      }
      h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
      h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
      h ^= h >>> 31;
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
}
