package com.inkzee.ranker.score;

import com.google.re2j.Pattern;
import com.inkzee.ranker.window.WindowEntry;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A reader's {@link PreferenceRule}s prepared for matching many entries (lower-cased values, URL
 * patterns compiled once), so scoring a river does no per-entry set-up.
 *
 * <p>URL patterns compile to RE2/J, whose matching time is linear in the link whatever the pattern,
 * so a reader's rule can never make the ranker backtrack.
 */
public final class Preferences {
  /** A reader with no trained preferences. */
  public static final Preferences NONE = new Preferences(List.of());

  private static final int[] NO_POSITIONS = new int[0];

  private final List<Compiled> rules;
  private final boolean hasTitleRules;

  /**
   * Per feed, the positions of its liked entries in one version of its entry array (see {@link
   * #liked}). The array is held weakly: a feed's array is replaced whenever an entry joins or
   * leaves it, and a reader's cache must not keep old copies of busy feeds' arrays alive.
   */
  private final ConcurrentHashMap<Long, Liked> likedByFeed = new ConcurrentHashMap<>();

  private record Liked(WeakReference<WindowEntry[]> entries, String folder, int[] positions) {}

  private record Compiled(PreferenceRule rule, String lowerValue, long feedValue, Pattern url) {}

  private Preferences(List<Compiled> rules) {
    this.rules = rules;
    this.hasTitleRules = rules.stream().anyMatch(c -> c.rule.kind() == PreferenceRule.Kind.TITLE);
  }

  /** Prepares a reader's rules. */
  public static Preferences of(List<PreferenceRule> rules) {
    Objects.requireNonNull(rules, "rules");
    List<Compiled> compiled = new ArrayList<>(rules.size());
    for (PreferenceRule rule : rules) {
      Objects.requireNonNull(rule, "rule");
      String lower = rule.value().toLowerCase(Locale.ROOT);
      long feedValue = rule.kind() == PreferenceRule.Kind.FEED ? Long.parseLong(rule.value()) : 0;
      Pattern url = rule.kind() == PreferenceRule.Kind.URL ? glob(rule.value()) : null;
      compiled.add(new Compiled(rule, lower, feedValue, url));
    }
    return new Preferences(List.copyOf(compiled));
  }

  /** The rules, as given. */
  public List<PreferenceRule> rules() {
    return rules.stream().map(Compiled::rule).toList();
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * The sum of the positive weights of the rules that could match some entry of this feed kept in
   * this folder: what the matched rules' raw sum can reach at most, for the river's score ceiling.
   * 0 when no liking rule applies there.
   */
  public double maxGain(long feedId, String folder) {
    double gain = 0;
    for (Compiled c : rules) {
      PreferenceRule rule = c.rule;
      if (rule.weight() <= 0
          || !inScope(rule, feedId, folder)
          || (rule.kind() == PreferenceRule.Kind.FEED && c.feedValue != feedId)) {
        continue;
      }
      gain += rule.weight();
    }
    return gain;
  }

  /**
   * The positions in {@code entries} (one feed's window array, kept in {@code folder}) of the
   * entries these rules like on balance: the matched rules' weights sum above 0, so their
   * preference points are positive. Every other entry of the feed scores no preference points or
   * fewer, which is what lets the river bound their scores by date alone. Remembered per feed until
   * the window replaces the feed's array, so a busy reader's river rechecks only the feeds that
   * changed since their last page.
   */
  public int[] liked(long feedId, String folder, WindowEntry[] entries) {
    if (maxGain(feedId, folder) <= 0) {
      return NO_POSITIONS;
    }
    Liked cached = likedByFeed.get(feedId);
    if (cached != null
        && cached.entries().get() == entries
        && Objects.equals(cached.folder(), folder)) {
      return cached.positions();
    }
    IntArrayList positions = new IntArrayList();
    for (int i = 0; i < entries.length; i++) {
      if (rawWeight(entries[i], folder) > 0) {
        positions.add(i);
      }
    }
    int[] result = positions.toIntArray();
    likedByFeed.put(feedId, new Liked(new WeakReference<>(entries), folder, result));
    return result;
  }

  /** The sum of the weights of the rules that match this entry: what {@link #matching} gives. */
  private double rawWeight(WindowEntry entry, String folder) {
    String lowerTitle = hasTitleRules ? entry.title().toLowerCase(Locale.ROOT) : "";
    double sum = 0;
    for (Compiled c : rules) {
      PreferenceRule rule = c.rule;
      if (inScope(rule, entry.feedId(), folder) && matches(c, entry, lowerTitle)) {
        sum += rule.weight();
      }
    }
    return sum;
  }

  /**
   * The rules that match this entry, in the order given.
   *
   * @param folder the folder the reader keeps the entry's feed in, or null
   */
  public List<PreferenceRule> matching(WindowEntry entry, String folder) {
    if (rules.isEmpty()) {
      return List.of();
    }
    String lowerTitle = hasTitleRules ? entry.title().toLowerCase(Locale.ROOT) : "";
    List<PreferenceRule> matched = new ArrayList<>(2);
    for (Compiled c : rules) {
      PreferenceRule rule = c.rule;
      if (!inScope(rule, entry.feedId(), folder)) {
        continue;
      }
      if (matches(c, entry, lowerTitle)) {
        matched.add(rule);
      }
    }
    return matched;
  }

  /** Whether the rule's scope (a feed, a folder, or everywhere) covers this feed kept there. */
  private static boolean inScope(PreferenceRule rule, long feedId, String folder) {
    return (rule.feedId() == null || rule.feedId() == feedId)
        && (rule.folder() == null || rule.folder().equals(folder));
  }

  private static boolean matches(Compiled c, WindowEntry entry, String lowerTitle) {
    switch (c.rule.kind()) {
      case AUTHOR:
        return entry.author() != null && entry.author().trim().equalsIgnoreCase(c.rule.value());
      case CATEGORY:
        for (String category : entry.categories()) {
          if (category != null && category.trim().equalsIgnoreCase(c.rule.value())) {
            return true;
          }
        }
        return false;
      case TITLE:
        return containsWords(lowerTitle, c.lowerValue);
      case FEED:
        return entry.feedId() == c.feedValue;
      case URL:
        return entry.url() != null && c.url.matcher(entry.url()).find();
      default:
        throw new IllegalStateException("unknown rule kind " + c.rule.kind());
    }
  }

  /**
   * Whether {@code phrase} occurs in {@code text} with no letter or digit right before or after.
   */
  static boolean containsWords(String text, String phrase) {
    for (int from = text.indexOf(phrase); from >= 0; from = text.indexOf(phrase, from + 1)) {
      int end = from + phrase.length();
      boolean startOk = from == 0 || !Character.isLetterOrDigit(text.charAt(from - 1));
      boolean endOk = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
      if (startOk && endOk) {
        return true;
      }
    }
    return false;
  }

  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (String piece : pattern.split("\\*", -1)) {
      if (regex.length() > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(piece));
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
  }
}
