package com.inkzee.ranker.digest;

import java.util.List;

/**
 * An extractive summary: sentences taken from an entry's text, in the order they appear there.
 *
 * @param sentences the chosen sentences, never null; the last may be cut short and end in "…"
 */
public record Summary(List<String> sentences) {
  /** The summary of a text with nothing to summarise. */
  public static final Summary EMPTY = new Summary(List.of());

  public Summary {
    sentences = List.copyOf(sentences);
  }

  /** The sentences joined by single spaces: what a reader sees. */
  public String text() {
    return String.join(" ", sentences);
  }

  /** Words in the summary, counted as runs of non-blank characters. */
  public int wordCount() {
    int words = 0;
    for (String sentence : sentences) {
      words += ExtractiveSummarizer.wordsIn(sentence);
    }
    return words;
  }
}
