package com.inkzee.e2e.feeds;

import java.time.Instant;

/**
 * One item of a test feed. {@code guid} identifies it in its feed (the store's entry key); two
 * feeds carrying the same {@code link} carry the same story.
 */
public record FeedItem(
    String guid, String title, String link, String description, Instant published) {}
