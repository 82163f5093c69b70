package com.inkzee.ranker.filter;

import java.util.Objects;

/**
 * One of a user's filters, as the ranker applies it (the wiring maps the store's filter record onto
 * it).
 *
 * <p>Scope: a rule with a {@code feedId} applies to that feed only, one with a {@code folder} to
 * the feeds the user keeps in that folder (exact name), one with neither to every feed. A rule
 * names at most one of the two.
 *
 * @param id the rule's id, named in errors
 * @param field which part of the entry the pattern is matched against
 * @param match how the pattern is read
 * @param pattern the words, phrase or regular expression, at most {@link #MAX_PATTERN_CHARS}
 * @param action what a matching entry gets
 * @param feedId the feed the rule is scoped to, or null
 * @param folder the folder the rule is scoped to, or null
 */
public record FilterRule(
    long id, Field field, Match match, String pattern, Action action, Long feedId, String folder) {

  /**
   * Longest pattern: the store's limit for filter patterns and queries
   * (StoreLimits.MAX_QUERY_BYTES, 1 KiB), so every pattern the store accepts compiles here.
   */
  public static final int MAX_PATTERN_CHARS = 1_024;

  /** Which part of an entry a pattern is matched against. */
  public enum Field {
    /** Title, text, author, URL and categories: a match in any of them. */
    ANY,
    TITLE,
    /** The entry's visible text ({@code WindowEntry.text}). */
    CONTENT,
    AUTHOR,
    URL,
    /** Each category on its own: a phrase never spans two categories. */
    CATEGORY
  }

  /** How a pattern is read. */
  public enum Match {
    /**
     * Whitespace- or comma-separated words; the rule matches if any of them appears as a whole
     * word, case- and accent-insensitively ({@link TextNormalizer}): {@code "java"} does not match
     * {@code "javascript"}.
     */
    KEYWORD,
    /** The pattern's words, consecutively, as whole words, case- and accent-insensitively. */
    PHRASE,
    /**
     * An RE2 regular expression (linear time in the input), searched (not anchored) in the raw
     * field, case-insensitive unless the pattern says {@code (?-i)}.
     */
    REGEX
  }

  /** What a matching rule does; see {@link FilterSet} for how rules combine. */
  public enum Action {
    /** Only entries matching a KEEP rule in scope show (an allow-list for that scope). */
    KEEP,
    HIDE,
    MARK_READ,
    STAR
  }

  public FilterRule {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(action, "action");
    if (pattern.isBlank()) {
      throw new IllegalArgumentException("filter " + id + ": pattern is empty");
    }
    if (pattern.length() > MAX_PATTERN_CHARS) {
      throw new IllegalArgumentException(
          "filter "
              + id
              + ": pattern of "
              + pattern.length()
              + " chars exceeds the "
              + MAX_PATTERN_CHARS
              + "-char limit");
    }
    if (feedId != null && folder != null) {
      throw new IllegalArgumentException(
          "filter " + id + ": scoped to feed " + feedId + " and folder '" + folder + "'; name one");
    }
  }

  /**
   * Whether this rule applies to an entry of {@code feedId}, which the user keeps in {@code
   * folderOfFeed}.
   */
  public boolean inScope(long entryFeedId, String folderOfFeed) {
    if (feedId != null) {
      return feedId == entryFeedId;
    }
    return folder == null || folder.equals(folderOfFeed);
  }
}
