package com.inkzee.ranker.alert;

import java.util.Objects;

/**
 * A user's keyword alert, as the ranker matches it (the wiring maps the store's alert record onto
 * it). Scope: a {@code feedId} limits it to that feed, a {@code folder} to the feeds the user keeps
 * in that folder, neither to every feed the user follows; at most one of the two.
 *
 * @param alertId the store's alert id
 * @param userId the alert's owner
 * @param query what to look for, in the syntax of {@link AlertQuery}
 * @param feedId the feed it is scoped to, or null
 * @param folder the folder it is scoped to, or null
 */
public record AlertRule(long alertId, long userId, String query, Long feedId, String folder) {
  public AlertRule {
    Objects.requireNonNull(query, "query");
    if (feedId != null && folder != null) {
      throw new IllegalArgumentException(
          "alert "
              + alertId
              + ": scoped to feed "
              + feedId
              + " and folder '"
              + folder
              + "'; name one");
    }
  }
}
