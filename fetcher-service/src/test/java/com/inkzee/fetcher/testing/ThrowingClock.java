package com.inkzee.fetcher.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock whose every reading throws an {@link AssertionError}. The feed parser reads its clock for
 * every entry, so a parser given this one stands for any library that throws an {@code Error} on
 * some input.
 */
public final class ThrowingClock extends Clock {
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
    throw new AssertionError("a parser bug, for the test");
  }
}
