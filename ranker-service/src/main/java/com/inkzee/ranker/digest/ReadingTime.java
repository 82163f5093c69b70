package com.inkzee.ranker.digest;

import com.inkzee.ranker.window.WindowEntry;
import java.util.Objects;

/**
 * Estimates how long an entry takes to read, so that a digest can fit the minutes a reader has.
 * Seconds are rounded up, and never fewer than {@link #MIN_SECONDS}: even a headline costs a glance
 * and a decision.
 */
public final class ReadingTime {
  /**
   * Silent reading rate of adults for English non-fiction, in words per minute: 238 in Brysbaert's
   * meta-analysis of 190 studies ("How many words do we read per minute?", Journal of Memory and
   * Language 109, 2019; fiction: 260). Feed entries are mostly non-fiction prose.
   */
  public static final int WORDS_PER_MINUTE = 238;

  /**
   * Floor per entry, in seconds: the time to read a headline and a two-sentence summary and decide.
   * Our choice, in line with Nielsen Norman Group's finding that web readers decide within 10 to 20
   * seconds whether a page is worth staying on ("How Long Do Users Stay on Web Pages?", 2011).
   */
  public static final int MIN_SECONDS = 15;

  /**
   * Characters per word when the word count is unknown and only the visible text is at hand: an
   * average English word has about 4.8 letters (Norvig's count over the Google Books corpus, 2012),
   * plus a space or punctuation mark. Also gives text without spaces (Chinese, Japanese) a length.
   */
  public static final int CHARS_PER_WORD = 6;

  private ReadingTime() {}

  /**
   * Seconds to read {@code entry}: from its {@link WindowEntry#wordCount() word count}, or, when
   * that is 0 (unknown), from the length of its visible text. That text is capped at {@link
   * WindowEntry#MAX_TEXT_CHARS}, so the fallback underestimates long articles.
   *
   * @throws IllegalArgumentException if the entry's word count is negative
   */
  public static int seconds(WindowEntry entry) {
    Objects.requireNonNull(entry, "entry");
    int words = entry.wordCount();
    if (words < 0) {
      throw new IllegalArgumentException(
          "wordCount of entry " + entry.id() + " is " + words + ", must be 0 (unknown) or more");
    }
    return secondsForWords(words > 0 ? words : wordsInText(entry.text()));
  }

  /**
   * Seconds to read {@code words} words at {@link #WORDS_PER_MINUTE}, rounded up, at least {@link
   * #MIN_SECONDS}.
   */
  public static int secondsForWords(int words) {
    if (words < 0) {
      throw new IllegalArgumentException("words is " + words + ", must be 0 or more");
    }
    long seconds = (words * 60L + WORDS_PER_MINUTE - 1) / WORDS_PER_MINUTE;
    return (int) Math.max(MIN_SECONDS, seconds);
  }

  /** Words in plain text estimated from its length: characters / {@link #CHARS_PER_WORD}. */
  public static int wordsInText(String text) {
    String stripped = text.strip();
    int chars = stripped.codePointCount(0, stripped.length());
    return (chars + CHARS_PER_WORD - 1) / CHARS_PER_WORD;
  }
}
