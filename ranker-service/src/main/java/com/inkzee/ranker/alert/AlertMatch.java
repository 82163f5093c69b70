package com.inkzee.ranker.alert;

/** An alert that an entry satisfies (in scope, of a feed the user follows). */
public record AlertMatch(long alertId, long userId, long entryId) {}
