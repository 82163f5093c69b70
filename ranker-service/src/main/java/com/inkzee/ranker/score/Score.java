package com.inkzee.ranker.score;

import java.util.List;

/**
 * An entry's score for one reader and its breakdown; {@code total} is the sum of the parts' points
 * (in the order listed), so the explanation always adds up.
 *
 * @param total what the river sorts by, higher first
 * @param parts the factors that contributed, freshness first; factors that added nothing are left
 *     out, except freshness
 */
public record Score(double total, List<ScorePart> parts) {
  public Score {
    parts = List.copyOf(parts);
  }
}
