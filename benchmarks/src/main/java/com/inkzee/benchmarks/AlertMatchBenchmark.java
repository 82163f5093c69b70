package com.inkzee.benchmarks;

import com.inkzee.ranker.alert.AlertMatcher;
import com.inkzee.ranker.alert.AlertRule;
import com.inkzee.ranker.alert.FolderLookup;
import com.inkzee.ranker.filter.FilterRule;
import com.inkzee.ranker.filter.FilterSet;
import com.inkzee.ranker.filter.FoldedEntry;
import com.inkzee.ranker.filter.Verdict;
import com.inkzee.ranker.window.WindowEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.ToLongFunction;
import org.ahocorasick.trie.PayloadTrie;

/**
 * Keyword alerts: entries per second through {@link AlertMatcher#match} with 100,000 alert phrases
 * (1-3 words, 10 per user), against a baseline in the same process: lower-casing the entry's title
 * and text and cutting it into words (a String per word), the least any word matcher does. Also the
 * character-level {@code org.ahocorasick} trie over the same phrases (space-padded, so matches fall
 * on word boundaries), the matcher's build time and heap, and one user's {@link FilterSet} over a
 * million entries.
 *
 * <p>Entries are a title of 8 words and 300 words of text (capped, like the window, at 2,000 chars)
 * and two categories, words drawn from a Zipf law; alert words are drawn uniformly from ranks 200
 * and up (nobody alerts on "the"). Slices alternate baseline, matcher, matcher, baseline (ABBA).
 * Usage: {@code java -cp benchmarks.jar com.inkzee.benchmarks.AlertMatchBenchmark [--alerts 100000]
 * [--seconds 4] [--no-library] [--vocabulary 200000] [--alert-from-rank 2000]}.
 */
public final class AlertMatchBenchmark {
  private static final FolderLookup FOLLOWS_ALL =
      new FolderLookup() {
        @Override
        public boolean follows(long userId, long feedId) {
          return true;
        }

        @Override
        public String folderOf(long userId, long feedId) {
          return null;
        }
      };

  private static volatile long sink;

  private AlertMatchBenchmark() {}

  public static void main(String[] args) {
    int alertCount = 100_000;
    double seconds = 4;
    boolean library = true;
    int vocabularySize = 200_000;
    int alertFromRank = 2_000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--alerts" -> alertCount = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--no-library" -> library = false;
        case "--vocabulary" -> vocabularySize = Integer.parseInt(args[++i]);
        case "--alert-from-rank" -> alertFromRank = Integer.parseInt(args[++i]);
        default -> {
          System.out.println(
              "usage: AlertMatchBenchmark [--alerts 100000] [--seconds 4] [--no-library]"
                  + " [--vocabulary 200000] [--alert-from-rank 2000]");
          System.exit(args[i].equals("--help") ? 0 : 2);
        }
      }
    }
    Random random = new Random(42);
    Vocabulary vocabulary = new Vocabulary(random, vocabularySize);
    List<AlertRule> rules = new ArrayList<>(alertCount);
    for (int a = 0; a < alertCount; a++) {
      int words = 1 + random.nextInt(3);
      StringBuilder q = new StringBuilder(words > 1 ? "\"" : "");
      for (int w = 0; w < words; w++) {
        q.append(w > 0 ? " " : "").append(vocabulary.uniformAbove(random, alertFromRank));
      }
      rules.add(
          new AlertRule(a + 1, a / 10 + 1, q.append(words > 1 ? "\"" : "").toString(), null, null));
    }
    WindowEntry[] entries = new WindowEntry[2_000];
    for (int i = 0; i < entries.length; i++) {
      entries[i] =
          new WindowEntry(
              i + 1,
              i + 1,
              i % 50,
              vocabulary.text(random, 8),
              "https://example.com/" + i,
              "Author " + (i % 100),
              vocabulary.text(random, 300),
              List.of(vocabulary.text(random, 1), vocabulary.text(random, 2)),
              Instant.EPOCH,
              0,
              0);
    }
    double avgChars =
        Arrays.stream(entries)
            .mapToInt(e -> e.title().length() + e.text().length())
            .average()
            .orElse(0);

    long heapBefore = usedHeapAfterGc();
    long t0 = System.nanoTime();
    AlertMatcher matcher = AlertMatcher.build(rules);
    double buildMs = (System.nanoTime() - t0) / 1e6;
    long heapMatcher = usedHeapAfterGc() - heapBefore;
    System.out.printf(
        Locale.ROOT,
        "AlertMatcher: %,d alerts, %,d automaton states, built in %.0f ms, %.1f MB of heap%n",
        matcher.alertCount(),
        matcher.automatonStates(),
        buildMs,
        heapMatcher / 1e6);
    System.out.printf(
        Locale.ROOT,
        "entries: %,d distinct, %.0f chars of title + text on average%n",
        entries.length,
        avgChars);

    ToLongFunction<WindowEntry> baseline = AlertMatchBenchmark::lowerCaseAndTokenise;
    ToLongFunction<WindowEntry> ours = e -> matcher.match(e, FOLLOWS_ALL).size();
    long matches = 0;
    for (WindowEntry e : entries) {
      matches += matcher.match(e, FOLLOWS_ALL).size();
    }
    System.out.printf(
        Locale.ROOT, "alerts fired per entry: %.2f%n", (double) matches / entries.length);

    // Warm-up, then ABBA.
    rate(entries, baseline, 1.5);
    rate(entries, ours, 1.5);
    double b1 = rate(entries, baseline, seconds);
    double m1 = rate(entries, ours, seconds);
    double m2 = rate(entries, ours, seconds);
    double b2 = rate(entries, baseline, seconds);
    double base = (b1 + b2) / 2;
    double match = (m1 + m2) / 2;
    System.out.println();
    System.out.println("| pass | entries/s | vs baseline |");
    System.out.println("| --- | ---: | ---: |");
    System.out.printf(Locale.ROOT, "| baseline: lower-case + tokenise | %,.0f | 1.00 |%n", base);
    System.out.printf(
        Locale.ROOT,
        "| AlertMatcher.match (%,d alerts) | %,.0f | %.2f |%n",
        alertCount,
        match,
        match / base);

    if (library) {
      heapBefore = usedHeapAfterGc();
      t0 = System.nanoTime();
      PayloadTrie.PayloadTrieBuilder<Integer> tb = PayloadTrie.builder();
      for (AlertRule r : rules) {
        tb.addKeyword(
            " " + r.query().replace("\"", "").toLowerCase(Locale.ROOT) + " ", (int) r.alertId());
      }
      PayloadTrie<Integer> trie = tb.build();
      double libBuildMs = (System.nanoTime() - t0) / 1e6;
      long libHeap = usedHeapAfterGc() - heapBefore;
      ToLongFunction<WindowEntry> lib =
          e -> {
            long[] n = {0};
            String text = " " + lowerWords(e.title()) + " | " + lowerWords(e.text()) + " ";
            trie.parseText(
                text,
                emit -> {
                  n[0]++;
                  return true;
                });
            return n[0];
          };
      rate(entries, lib, 1.5);
      double l = rate(entries, lib, seconds);
      System.out.printf(
          Locale.ROOT,
          "| org.ahocorasick PayloadTrie (char-level, same phrases) | %,.0f | %.2f |%n",
          l,
          l / base);
      System.out.printf(
          Locale.ROOT,
          "%norg.ahocorasick trie: built in %.0f ms, %.1f MB of heap%n",
          libBuildMs,
          libHeap / 1e6);
      sink += trie.hashCode();
    }

    System.out.println();
    filters(entries);
  }

  /** One user's 20 filters over a million entries (the 2,000 cycled over 50 feeds). */
  private static void filters(WindowEntry[] entries) {
    List<FilterRule> rules = new ArrayList<>();
    FilterRule.Field[] fields = FilterRule.Field.values();
    for (int i = 0; i < 18; i++) {
      FilterRule.Field field = fields[i % fields.length];
      FilterRule.Match match = i % 3 == 0 ? FilterRule.Match.PHRASE : FilterRule.Match.KEYWORD;
      FilterRule.Action action = FilterRule.Action.values()[1 + i % 3];
      Long feed = i % 2 == 0 ? (long) (i % 50) : null;
      rules.add(new FilterRule(i, field, match, "word" + i + " other" + i, action, feed, null));
    }
    rules.add(
        new FilterRule(
            18,
            FilterRule.Field.TITLE,
            FilterRule.Match.REGEX,
            "v\\d+\\.\\d+",
            FilterRule.Action.STAR,
            null,
            null));
    rules.add(
        new FilterRule(
            19,
            FilterRule.Field.URL,
            FilterRule.Match.KEYWORD,
            "ads",
            FilterRule.Action.HIDE,
            null,
            null));
    time(
        "20 rules: keyword, phrase, regex; every field; half feed-scoped",
        FilterSet.compile(rules),
        entries);
    time(
        "the same 20 rules on titles only",
        FilterSet.compile(
            rules.stream()
                .map(
                    r ->
                        new FilterRule(
                            r.id(),
                            FilterRule.Field.TITLE,
                            r.match(),
                            r.pattern(),
                            r.action(),
                            r.feedId(),
                            r.folder()))
                .toList()),
        entries);
  }

  private static void time(String what, FilterSet set, WindowEntry[] entries) {
    int total = 1_000_000;
    for (int warm = 0; warm < 2; warm++) {
      long t0 = System.nanoTime();
      int shown = 0;
      for (int i = 0; i < total; i++) {
        WindowEntry e = entries[i % entries.length];
        if (set.apply(new FoldedEntry(e), null) == Verdict.SHOW) {
          shown++;
        }
      }
      double s = (System.nanoTime() - t0) / 1e9;
      sink += shown;
      if (warm == 1) {
        System.out.printf(
            Locale.ROOT,
            "FilterSet (%s): %,d entries in %.2f s (%.0f ns/entry)%n",
            what,
            total,
            s,
            s * 1e9 / total);
      }
    }
  }

  private static double rate(
      WindowEntry[] entries, ToLongFunction<WindowEntry> pass, double seconds) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    long n = 0;
    long acc = 0;
    while (System.nanoTime() < end) {
      for (int k = 0; k < 100; k++) {
        acc += pass.applyAsLong(entries[(int) (n++ % entries.length)]);
      }
    }
    sink += acc;
    return n / ((System.nanoTime() - start) / 1e9);
  }

  /** The baseline: lower-case title and text, cut into words (a String each), hash them. */
  private static long lowerCaseAndTokenise(WindowEntry e) {
    long h = 0;
    for (String field : new String[] {e.title(), e.text()}) {
      String lower = field.toLowerCase(Locale.ROOT);
      int start = -1;
      for (int i = 0; i <= lower.length(); i++) {
        boolean letter = i < lower.length() && Character.isLetterOrDigit(lower.charAt(i));
        if (letter && start < 0) {
          start = i;
        } else if (!letter && start >= 0) {
          h += lower.substring(start, i).hashCode();
          start = -1;
        }
      }
    }
    return h;
  }

  private static String lowerWords(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ");
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  /** Made-up words with a Zipf law, as in {@link Words}, but with the words reachable by rank. */
  private static final class Vocabulary {
    private final String[] words;
    private final double[] cumulative;

    Vocabulary(Random random, int size) {
      words = new String[size];
      cumulative = new double[size];
      double sum = 0;
      for (int i = 0; i < size; i++) {
        StringBuilder b = new StringBuilder();
        int length = 3 + random.nextInt(7);
        for (int k = 0; k < length; k++) {
          b.append((char) ('a' + random.nextInt(26)));
        }
        words[i] = b.toString();
        sum += 1.0 / (i + 1);
        cumulative[i] = sum;
      }
      for (int i = 0; i < size; i++) {
        cumulative[i] /= sum;
      }
    }

    String uniformAbove(Random random, int rank) {
      return words[rank + random.nextInt(words.length - rank)];
    }

    String text(Random random, int count) {
      StringBuilder b = new StringBuilder();
      for (int k = 0; k < count; k++) {
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        String w = words[i < 0 ? Math.min(-i - 1, words.length - 1) : i];
        if (k == 0) {
          b.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
        } else {
          b.append(k % 12 == 0 ? ". " : " ").append(w);
        }
      }
      return b.toString();
    }
  }
}
