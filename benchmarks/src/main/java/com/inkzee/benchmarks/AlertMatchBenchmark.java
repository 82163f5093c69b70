package com.inkzee.benchmarks;

import com.inkzee.ranker.alert.AlertMatcher;
import com.inkzee.ranker.alert.AlertRule;
import com.inkzee.ranker.alert.FolderLookup;
import com.inkzee.ranker.window.WindowEntry;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import org.ahocorasick.trie.PayloadTrie;

/**
 * Keyword alerts: entries per second through {@link AlertMatcher#match} with 100,000 alert phrases
 * (10 per user), against a baseline in the same process: lower-casing the entry's title and text
 * and cutting it into words (a String per word), the least any word matcher does. Also the
 * character-level {@code org.ahocorasick} trie over the same phrases (space-padded, so matches fall
 * on word boundaries), and the matcher's build time and heap.
 *
 * <p>Two workloads ({@link AlertWorkload}): <b>realistic</b> (alerts name entities from a large
 * catalogue; entries mention a few, by Zipf popularity; about 1-2 alerts fire per entry) and
 * <b>heavy</b> (alert words drawn from the text's own vocabulary; about 29 fire per entry). Entries
 * are an 8-word title, 300 words of text (capped, like the window, at 2,000 chars) and two
 * categories. Slices alternate baseline, matcher, matcher, baseline (ABBA). Usage: {@code java -cp
 * benchmarks.jar com.inkzee.benchmarks.AlertMatchBenchmark [--alerts 100000] [--seconds 4]
 * [--no-library] [--vocabulary 200000] [--workload realistic|heavy|both]}.
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
    String workload = "both";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--alerts" -> alertCount = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--no-library" -> library = false;
        case "--vocabulary" -> vocabularySize = Integer.parseInt(args[++i]);
        case "--workload" -> workload = args[++i];
        default -> {
          System.out.println(
              "usage: AlertMatchBenchmark [--alerts 100000] [--seconds 4] [--no-library]"
                  + " [--vocabulary 200000] [--workload realistic|heavy|both]");
          System.exit(args[i].equals("--help") ? 0 : 2);
        }
      }
    }
    if (!workload.equals("heavy")) {
      run(AlertWorkload.realistic(alertCount, vocabularySize), seconds, library);
    }
    if (!workload.equals("realistic")) {
      run(AlertWorkload.heavy(alertCount, vocabularySize), seconds, library);
    }
  }

  private static void run(AlertWorkload workload, double seconds, boolean library) {
    List<AlertRule> rules = workload.rules();
    WindowEntry[] entries = workload.entries();
    System.out.printf(Locale.ROOT, "%n## workload %s%n%n", workload.name());
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
    int[] histogram = new int[5]; // 0, 1, 2, 3-5, 6+
    for (WindowEntry e : entries) {
      int n = matcher.match(e, FOLLOWS_ALL).size();
      matches += n;
      histogram[n <= 2 ? n : n <= 5 ? 3 : 4]++;
    }
    System.out.printf(
        Locale.ROOT,
        "alerts fired per entry: %.2f on average; entries firing 0: %.0f%%, 1: %.0f%%, 2: %.0f%%,"
            + " 3-5: %.0f%%, 6+: %.0f%%%n",
        (double) matches / entries.length,
        100.0 * histogram[0] / entries.length,
        100.0 * histogram[1] / entries.length,
        100.0 * histogram[2] / entries.length,
        100.0 * histogram[3] / entries.length,
        100.0 * histogram[4] / entries.length);

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
        "| AlertMatcher.match (%,d alerts, %s) | %,.0f | %.2f |%n",
        rules.size(),
        workload.name(),
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
}
