package com.inkzee.ranker.alert;

import com.inkzee.ranker.filter.TextNormalizer;
import com.inkzee.ranker.window.WindowEntry;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Every user's alerts, compiled into one {@link WordAutomaton}: an entry is matched against all
 * alerts in one pass over its folded title, text and categories, whatever the number of users or
 * alerts. Immutable and thread-safe; rebuilt and swapped whole when rules change ({@link
 * AlertRegistry}).
 *
 * <p>Per entry: fold (title | text | categories), scan once collecting the distinct terms found,
 * then for each clause that requires a found term count its found terms; a clause whose required
 * terms are all found and none of whose excluded terms is found fires its alert, if the entry's
 * feed is followed by the alert's owner and in the alert's scope. The work after the scan is
 * proportional to the terms found, not to the number of alerts.
 */
public final class AlertMatcher {
  /** An alert whose query does not parse; it is left out of the matcher, the others still work. */
  public record Rejected(long alertId, String reason) {}

  private static final AlertMatcher EMPTY = build(List.of());

  private final WordAutomaton automaton;
  private final int[][] clausesRequiring; // by term
  private final int[] clauseRequiredCount;
  private final int[][] clauseExcluded; // terms, by clause
  private final int[] clauseAlert; // alert index, by clause
  private final AlertRule[] alerts;
  private final List<Rejected> rejected;

  private AlertMatcher(
      WordAutomaton automaton,
      int[][] clausesRequiring,
      int[] clauseRequiredCount,
      int[][] clauseExcluded,
      int[] clauseAlert,
      AlertRule[] alerts,
      List<Rejected> rejected) {
    this.automaton = automaton;
    this.clausesRequiring = clausesRequiring;
    this.clauseRequiredCount = clauseRequiredCount;
    this.clauseExcluded = clauseExcluded;
    this.clauseAlert = clauseAlert;
    this.alerts = alerts;
    this.rejected = List.copyOf(rejected);
  }

  /** No alerts. */
  public static AlertMatcher empty() {
    return EMPTY;
  }

  /**
   * Compiles all users' alerts. A rule whose query does not parse is left out and listed in {@link
   * #rejected()}: one user's bad query must not silence everyone's alerts.
   */
  public static AlertMatcher build(Collection<AlertRule> rules) {
    WordAutomaton.Builder automaton = new WordAutomaton.Builder();
    Object2IntOpenHashMap<String> termIds = new Object2IntOpenHashMap<>();
    termIds.defaultReturnValue(-1);
    List<IntArrayList> requiring = new ArrayList<>();
    List<AlertRule> alerts = new ArrayList<>(rules.size());
    IntArrayList requiredCount = new IntArrayList();
    List<int[]> excluded = new ArrayList<>();
    IntArrayList clauseAlert = new IntArrayList();
    List<Rejected> rejected = new ArrayList<>();
    for (AlertRule rule : rules) {
      Objects.requireNonNull(rule, "rule");
      AlertQuery query;
      try {
        query = AlertQuery.parse(rule.query());
      } catch (IllegalArgumentException e) {
        rejected.add(new Rejected(rule.alertId(), e.getMessage()));
        continue;
      }
      int alert = alerts.size();
      alerts.add(rule);
      for (AlertQuery.Clause clause : query.clauses()) {
        int clauseId = clauseAlert.size();
        clauseAlert.add(alert);
        requiredCount.add(clause.required().size());
        for (String term : clause.required()) {
          int t = termId(term, termIds, automaton, requiring);
          requiring.get(t).add(clauseId);
        }
        excluded.add(
            clause.excluded().stream()
                .mapToInt(term -> termId(term, termIds, automaton, requiring))
                .toArray());
      }
    }
    int[][] clausesRequiring = new int[requiring.size()][];
    for (int t = 0; t < clausesRequiring.length; t++) {
      clausesRequiring[t] = requiring.get(t).toIntArray();
    }
    return new AlertMatcher(
        automaton.build(),
        clausesRequiring,
        requiredCount.toIntArray(),
        excluded.toArray(int[][]::new),
        clauseAlert.toIntArray(),
        alerts.toArray(AlertRule[]::new),
        rejected);
  }

  private static int termId(
      String term,
      Object2IntOpenHashMap<String> termIds,
      WordAutomaton.Builder automaton,
      List<IntArrayList> requiring) {
    int id = termIds.getInt(term);
    if (id < 0) {
      id = automaton.add(Arrays.asList(term.split(" ")));
      termIds.put(term, id);
      requiring.add(new IntArrayList(1));
    }
    return id;
  }

  /** Number of alerts compiled in. */
  public int alertCount() {
    return alerts.length;
  }

  /** Alerts left out because their query does not parse. */
  public List<Rejected> rejected() {
    return rejected;
  }

  /** States of the automaton, the root included: a measure of its size. */
  public int automatonStates() {
    return automaton.states();
  }

  /**
   * The alerts {@code entry} fires, at most one match per alert, in no particular order.
   *
   * @param folders the owners' subscriptions: an alert fires only on feeds its owner follows
   */
  public List<AlertMatch> match(WindowEntry entry, FolderLookup folders) {
    if (alerts.length == 0) {
      return List.of();
    }
    char[] folded = foldForAlerts(entry);
    IntOpenHashSet found = new IntOpenHashSet();
    automaton.scan(folded, folded.length, found::add);
    if (found.isEmpty()) {
      return List.of();
    }
    Int2IntOpenHashMap clauseHits = new Int2IntOpenHashMap();
    for (var it = found.iterator(); it.hasNext(); ) {
      for (int clause : clausesRequiring[it.nextInt()]) {
        clauseHits.addTo(clause, 1);
      }
    }
    List<AlertMatch> matches = new ArrayList<>();
    IntOpenHashSet fired = new IntOpenHashSet();
    for (var e : clauseHits.int2IntEntrySet()) {
      int clause = e.getIntKey();
      int alert = clauseAlert[clause];
      if (e.getIntValue() != clauseRequiredCount[clause]
          || fired.contains(alert)
          || anyFound(clauseExcluded[clause], found)) {
        continue;
      }
      AlertRule rule = alerts[alert];
      if (inScope(rule, entry.feedId(), folders)) {
        fired.add(alert);
        matches.add(new AlertMatch(rule.alertId(), rule.userId(), entry.id()));
      }
    }
    return matches;
  }

  private static boolean anyFound(int[] terms, IntOpenHashSet found) {
    for (int t : terms) {
      if (found.contains(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean inScope(AlertRule rule, long feedId, FolderLookup folders) {
    if (rule.feedId() != null && rule.feedId() != feedId) {
      return false;
    }
    if (!folders.follows(rule.userId(), feedId)) {
      return false;
    }
    return rule.folder() == null || rule.folder().equals(folders.folderOf(rule.userId(), feedId));
  }

  /** Title | text | each category, folded; what alerts are matched against. */
  static char[] foldForAlerts(WindowEntry entry) {
    StringBuilder b = new StringBuilder(entry.title().length() + entry.text().length() + 16);
    TextNormalizer.foldInto(entry.title(), WindowEntry.MAX_TEXT_CHARS, b);
    TextNormalizer.appendBreak(b);
    TextNormalizer.foldInto(entry.text(), WindowEntry.MAX_TEXT_CHARS, b);
    for (String category : entry.categories()) {
      TextNormalizer.appendBreak(b);
      TextNormalizer.foldInto(category, WindowEntry.MAX_TEXT_CHARS, b);
    }
    char[] chars = new char[b.length()];
    b.getChars(0, chars.length, chars, 0);
    return chars;
  }
}
