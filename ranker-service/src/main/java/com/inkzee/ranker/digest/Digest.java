package com.inkzee.ranker.digest;

import java.util.List;

/**
 * What a reader with a few minutes gets: the picks in reading order, and how much of the budget
 * they use ({@code totalSeconds <= budgetSeconds}).
 *
 * @param picks the entries to read, in order
 * @param totalSeconds the picks' reading seconds added up
 * @param budgetSeconds the budget asked for, in seconds
 */
public record Digest(List<DigestPick> picks, int totalSeconds, int budgetSeconds) {
  public Digest {
    picks = List.copyOf(picks);
    if (totalSeconds < 0 || totalSeconds > budgetSeconds) {
      throw new IllegalArgumentException(
          "totalSeconds is "
              + totalSeconds
              + ", must be between 0 and budgetSeconds "
              + budgetSeconds);
    }
  }
}
