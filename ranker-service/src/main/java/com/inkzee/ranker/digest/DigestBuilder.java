package com.inkzee.ranker.digest;

import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.ints.IntHeapPriorityQueue;
import it.unimi.dsi.fastutil.ints.IntPriorityQueue;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Builds a reader's digest: the best entries that can be read in the minutes given, each with a
 * short summary, such that asking again with more minutes <b>extends</b> the digest instead of
 * reshuffling it.
 *
 * <p><b>Why not plain greedy.</b> "Take candidates in score order, skip one that does not fit the
 * remaining budget, go on" fills budgets well but is not stable: with a 6-minute top entry and a
 * 5-minute second one, a 5-minute budget yields [second] and a 6-minute budget [top]; the larger
 * digest drops what the smaller one showed. No rule can have both: a digest that only ever extends
 * is a prefix of one fixed order.
 *
 * <p><b>The reading order.</b> So the builder first lays the candidates out in one reading order
 * that does not depend on the budget, and the digest for a budget is the longest prefix of that
 * order that fits. The order follows score (the candidates' list order), except that an entry
 * longer than both {@link #SHORT_READ_SECONDS} and the reading time of everything before it waits:
 * at each step the next entry is the best-scored one whose reading time is at most {@code
 * max(SHORT_READ_SECONDS, time so far)}; if none is, the shortest one (ties: best-scored). A long
 * article therefore cannot stop a short digest early; it joins once the digest is as long as it.
 *
 * <p><b>Guarantees</b>, for one candidate list:
 *
 * <ol>
 *   <li>a digest never exceeds its budget;
 *   <li>for budgets {@code b1 <= b2}, the picks for {@code b1} are a prefix of the picks for {@code
 *       b2}: same entries, same order, the new ones appended;
 *   <li>whenever a left-out candidate would still fit in the unused budget, the digest already
 *       fills more than {@code budget - max(SHORT_READ_SECONDS, total)}: more than half the budget,
 *       or all but less than a minute of it. (Half is the best any fixed order can promise: given
 *       an entry of 11 minutes and one of 6, an order starting with the 11 leaves a 6-minute digest
 *       empty, and one starting with the 6 fills an 11-minute digest to 6.)
 *   <li>if every candidate is at most {@link #SHORT_READ_SECONDS} long, the order is exactly the
 *       score order;
 *   <li>if all candidates fit, all are picked.
 * </ol>
 *
 * Candidates repeating an entry id already seen are dropped (the river sends one per duplicate
 * cluster; this keeps a slip from showing an entry twice). Summaries are made only for the picks.
 * The result is deterministic. Thread-safe: the builder holds no mutable state.
 */
public final class DigestBuilder {
  /**
   * Entries this short take their turn in score order at any point of the digest: one minute, the
   * smallest budget a reader can ask for.
   */
  public static final int SHORT_READ_SECONDS = 60;

  /** The largest budget accepted, in minutes: a day, more than anyone reads in one sitting. */
  public static final int MAX_BUDGET_MINUTES = 24 * 60;

  private final ExtractiveSummarizer summarizer;

  /** A builder summarising with the default {@link ExtractiveSummarizer}. */
  public DigestBuilder() {
    this(new ExtractiveSummarizer());
  }

  public DigestBuilder(ExtractiveSummarizer summarizer) {
    this.summarizer = Objects.requireNonNull(summarizer, "summarizer");
  }

  /**
   * The digest of {@code candidates} (best first, one per duplicate cluster) for a budget of {@code
   * budgetMinutes} minutes.
   *
   * @throws IllegalArgumentException if {@code budgetMinutes} is negative or over {@link
   *     #MAX_BUDGET_MINUTES}
   */
  public Digest build(List<DigestCandidate> candidates, int budgetMinutes) {
    if (budgetMinutes < 0 || budgetMinutes > MAX_BUDGET_MINUTES) {
      throw new IllegalArgumentException(
          "budgetMinutes is " + budgetMinutes + ", must be between 0 and " + MAX_BUDGET_MINUTES);
    }
    int budgetSeconds = budgetMinutes * 60;
    List<DigestCandidate> chosen = readingOrder(candidates, budgetSeconds);
    List<DigestPick> picks = new ArrayList<>(chosen.size());
    int total = 0;
    for (DigestCandidate candidate : chosen) {
      total += candidate.readingSeconds();
      picks.add(
          new DigestPick(
              candidate.entry(),
              candidate.score(),
              candidate.readingSeconds(),
              summarizer.summarize(candidate.entry()).text()));
    }
    return new Digest(picks, total, budgetSeconds);
  }

  /**
   * The longest prefix of the candidates' reading order (see the class comment) whose reading times
   * add up to at most {@code budgetSeconds}; with {@code Long.MAX_VALUE}, the whole order.
   */
  static List<DigestCandidate> readingOrder(List<DigestCandidate> candidates, long budgetSeconds) {
    Objects.requireNonNull(candidates, "candidates");
    List<DigestCandidate> distinct = new ArrayList<>(candidates.size());
    LongSet seen = new LongOpenHashSet(candidates.size());
    for (DigestCandidate candidate : candidates) {
      Objects.requireNonNull(candidate, "candidate");
      if (seen.add(candidate.entry().id())) {
        distinct.add(candidate);
      }
    }
    int n = distinct.size();
    int[] seconds = new int[n];
    for (int i = 0; i < n; i++) {
      seconds[i] = distinct.get(i).readingSeconds();
    }
    // Shortest first, ties by rank: the candidates become eligible in this order as the digest
    // grows, and the first one not yet eligible is the shortest one left.
    int[] byLength = new int[n];
    Arrays.setAll(byLength, i -> i);
    IntArrays.stableSort(byLength, (a, b) -> Integer.compare(seconds[a], seconds[b]));
    IntPriorityQueue eligible = new IntHeapPriorityQueue(); // ranks; smallest (best) first

    List<DigestCandidate> order = new ArrayList<>();
    int nextByLength = 0;
    long total = 0;
    while (order.size() < n) {
      long reach = Math.max(SHORT_READ_SECONDS, total);
      while (nextByLength < n && seconds[byLength[nextByLength]] <= reach) {
        eligible.enqueue(byLength[nextByLength++]);
      }
      int next = eligible.isEmpty() ? byLength[nextByLength++] : eligible.dequeueInt();
      if (total + seconds[next] > budgetSeconds) {
        break;
      }
      total += seconds[next];
      order.add(distinct.get(next));
    }
    return order;
  }
}
