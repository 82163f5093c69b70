package com.inkzee.ranker.score;

import java.util.Objects;

/**
 * Something a reader trained the ranker to like or dislike, so their taste moves entries up or down
 * by a number, never by a yes/no.
 *
 * <p>Matching, by kind (all case-insensitive):
 *
 * <ul>
 *   <li>{@code AUTHOR}: the entry's author equals {@code value} (trimmed);
 *   <li>{@code CATEGORY}: one of the entry's categories equals {@code value};
 *   <li>{@code TITLE}: the title contains {@code value} as whole words (a word or a phrase: "rust"
 *       matches "Rust 2.0" but not "trust");
 *   <li>{@code FEED}: the entry's feed id is {@code value} (decimal);
 *   <li>{@code URL}: the link contains {@code value}, where {@code *} stands for any run of
 *       characters ("example.com/sport/*").
 * </ul>
 *
 * @param kind what is matched
 * @param value what it is matched against (non-blank)
 * @param weight -3 (strong dislike) .. 3 (strong like), not 0
 * @param feedId scope: only entries of this feed, or null
 * @param folder scope: only entries of feeds in this folder, or null; both null means everywhere,
 *     both set is rejected
 */
public record PreferenceRule(Kind kind, String value, double weight, Long feedId, String folder) {
  /** The strongest like or dislike a single rule can express. */
  public static final double MAX_WEIGHT = 3.0;

  /** What a rule matches on. */
  public enum Kind {
    AUTHOR,
    CATEGORY,
    TITLE,
    FEED,
    URL
  }

  public PreferenceRule {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    value = value.trim();
    if (value.isEmpty() || !hasVisibleText(value)) {
      throw new IllegalArgumentException("value of a " + kind + " rule must not be blank");
    }
    if (!(Math.abs(weight) <= MAX_WEIGHT) || weight == 0) {
      throw new IllegalArgumentException(
          "weight must be in -" + MAX_WEIGHT + ".." + MAX_WEIGHT + " and not 0, was " + weight);
    }
    if (feedId != null && folder != null) {
      throw new IllegalArgumentException(
          "a rule is scoped to a feed or a folder, not both: feedId="
              + feedId
              + ", folder="
              + folder);
    }
    if (kind == Kind.FEED) {
      try {
        Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "value of a FEED rule must be a feed id, was " + value, e);
      }
    }
  }

  /**
   * Whether {@code s} has a character other than white space and control characters: a value
   * without one is blank to a reader (and to {@link String#trim}, for the C0 controls), so it can
   * be no rule's value.
   */
  public static boolean hasVisibleText(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (!Character.isWhitespace(ch)
          && !Character.isISOControl(ch)
          && !Character.isSpaceChar(ch)) {
        return true;
      }
    }
    return false;
  }

  /** A rule that applies everywhere. */
  public static PreferenceRule everywhere(Kind kind, String value, double weight) {
    return new PreferenceRule(kind, value, weight, null, null);
  }
}
