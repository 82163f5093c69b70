package com.inkzee.ranker.river;

/** How a river page is ordered. */
public enum RiverOrder {
  /** By score, highest first (ties: lower entry id first). */
  RANKED,
  /** By sortAt, newest first (ties: higher entry id first). */
  NEWEST,
  /** By sortAt, oldest first (ties: lower entry id first). */
  OLDEST
}
