package com.inkzee.ranker.score;

import java.util.Objects;

/**
 * One factor's contribution to an entry's score, with the sentence a reader sees under "why is this
 * here", so ranking is never a black box.
 *
 * @param factor which factor: {@code freshness}, {@code affinity}, {@code preference}, {@code
 *     popularity} or {@code priority}
 * @param points what it added (negative: what it took away)
 * @param why a human explanation, e.g. "fresh: 3 h old, a fast feed (45/day)"
 */
public record ScorePart(String factor, double points, String why) {
  public ScorePart {
    Objects.requireNonNull(factor, "factor");
    Objects.requireNonNull(why, "why");
  }
}
