package com.inkzee.ranker.alert;

import com.inkzee.ranker.filter.WordReader;
import com.inkzee.ranker.window.WindowEntry;
import it.unimi.dsi.fastutil.ints.IntArrayList;
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
 * <p>Per entry: read the folded words of the title, the text and each category ({@link WordReader},
 * no folded copy made) through the automaton, collecting the distinct terms found, then for each
 * clause that requires a found term count its found terms; a clause whose required terms are all
 * found and none of whose excluded terms is found fires its alert, if the entry's feed is followed
 * by the alert's owner and in the alert's scope. The work after the scan is proportional to the
 * terms found, not to the number of alerts, and nothing is allocated but the result: each thread
 * keeps its working arrays (a few bytes per term, clause and alert).
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
  private final ThreadLocal<Scratch> scratch;

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
    int terms = clausesRequiring.length;
    int clauses = clauseAlert.length;
    int alertCount = alerts.length;
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(terms, clauses, alertCount));
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
    Scratch s = scratch.get();
    s.begin();
    scan(entry.title(), s);
    scan(entry.text(), s);
    for (String category : entry.categories()) {
      scan(category, s);
    }
    if (s.foundCount == 0) {
      return List.of();
    }
    int epoch = s.epoch;
    for (int f = 0; f < s.foundCount; f++) {
      for (int clause : clausesRequiring[s.found[f]]) {
        if (s.clauseSeen[clause] != epoch) {
          s.clauseSeen[clause] = epoch;
          s.clauseHits[clause] = 0;
          s.touch(clause);
        }
        s.clauseHits[clause]++;
      }
    }
    List<AlertMatch> matches = null;
    for (int k = 0; k < s.touchedCount; k++) {
      int clause = s.touched[k];
      int alert = clauseAlert[clause];
      if (s.clauseHits[clause] != clauseRequiredCount[clause]
          || s.alertSeen[alert] == epoch
          || anyFound(clauseExcluded[clause], s)) {
        continue;
      }
      AlertRule rule = alerts[alert];
      if (inScope(rule, entry.feedId(), folders)) {
        s.alertSeen[alert] = epoch;
        if (matches == null) {
          matches = new ArrayList<>(4);
        }
        matches.add(new AlertMatch(rule.alertId(), rule.userId(), entry.id()));
      }
    }
    return matches == null ? List.of() : matches;
  }

  /**
   * Runs one field (title, text or one category) through the automaton, from the root so that no
   * term spans two fields, recording each term found once.
   */
  private void scan(String field, Scratch s) {
    WordReader reader = s.reader.reset(field, WindowEntry.MAX_TEXT_CHARS);
    WordAutomaton a = automaton;
    int state = WordAutomaton.ROOT;
    while (reader.next()) {
      int word = a.wordId(reader);
      if (word < 0) {
        state = WordAutomaton.ROOT;
        continue;
      }
      state = a.step(state, word);
      int out = a.termsAt(state) != null ? state : a.outputLink(state);
      for (; out != WordAutomaton.ROOT; out = a.outputLink(out)) {
        for (int term : a.termsAt(out)) {
          s.found(term);
        }
      }
    }
  }

  private static boolean anyFound(int[] terms, Scratch s) {
    for (int t : terms) {
      if (s.termSeen[t] == s.epoch) {
        return true;
      }
    }
    return false;
  }

  /**
   * One thread's working memory for {@link #match}, sized for this matcher and reused for every
   * entry, so that matching allocates nothing but its result. "Seen" arrays hold the number of the
   * entry (epoch) that last set them, so nothing is cleared between entries.
   */
  private static final class Scratch {
    final WordReader reader = new WordReader();
    final int[] termSeen;
    final int[] clauseSeen;
    final int[] clauseHits;
    final int[] alertSeen;
    int[] found = new int[16];
    int foundCount;
    int[] touched = new int[16];
    int touchedCount;
    int epoch;

    Scratch(int terms, int clauses, int alerts) {
      termSeen = new int[terms];
      clauseSeen = new int[clauses];
      clauseHits = new int[clauses];
      alertSeen = new int[alerts];
    }

    void begin() {
      foundCount = 0;
      touchedCount = 0;
      if (++epoch == Integer.MAX_VALUE) {
        Arrays.fill(termSeen, 0);
        Arrays.fill(clauseSeen, 0);
        Arrays.fill(alertSeen, 0);
        epoch = 1;
      }
    }

    void found(int term) {
      if (termSeen[term] != epoch) {
        termSeen[term] = epoch;
        if (foundCount == found.length) {
          found = Arrays.copyOf(found, foundCount * 2);
        }
        found[foundCount++] = term;
      }
    }

    void touch(int clause) {
      if (touchedCount == touched.length) {
        touched = Arrays.copyOf(touched, touchedCount * 2);
      }
      touched[touchedCount++] = clause;
    }
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
}
