package com.inkzee.ranker.alert;

import java.time.Instant;

/** A hit the dispatcher decided to fire, before the store has given it an id. */
public record NewHit(long alertId, long userId, long entryId, long storyKey, Instant hitAt) {}
