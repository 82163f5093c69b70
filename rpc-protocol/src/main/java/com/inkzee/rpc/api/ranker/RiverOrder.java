package com.inkzee.rpc.api.ranker;

/** How a river is ordered: by the ranker's score, or by time, newest or oldest first. */
public enum RiverOrder {
  RANKED,
  NEWEST,
  OLDEST
}
