package com.inkzee.benchmarks;

import com.inkzee.ranker.filter.FilterRule;
import com.inkzee.ranker.filter.FilterSet;
import com.inkzee.ranker.filter.FoldedEntry;
import com.inkzee.ranker.filter.Verdict;
import com.inkzee.ranker.window.WindowEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One user's {@link FilterSet} over a million entries, against a baseline pass in the same process
 * that only folds them ({@code new FoldedEntry(e).foldAll()}): the fold is done once per new entry
 * and shared by every user, so what a user's rules cost is the difference. Also {@code apply} alone
 * over entries folded beforehand. Entries are {@link AlertWorkload}'s heavy ones (an 8-word title,
 * 300 words of text, two categories), the 2,000 cycled over 50 feeds. Slices alternate baseline,
 * rules, rules, baseline (ABBA). Usage: {@code java -cp benchmarks.jar
 * com.inkzee.benchmarks.FilterBenchmark [--entries 1000000]}.
 */
public final class FilterBenchmark {
  private static volatile long sink;

  private FilterBenchmark() {}

  public static void main(String[] args) {
    int total = 1_000_000;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--entries")) {
        total = Integer.parseInt(args[++i]);
      } else {
        System.out.println("usage: FilterBenchmark [--entries 1000000]");
        System.exit(args[i].equals("--help") ? 0 : 2);
      }
    }
    WindowEntry[] entries = AlertWorkload.heavy(0, 200_000).entries();
    FoldedEntry[] folded = new FoldedEntry[entries.length];
    for (int i = 0; i < entries.length; i++) {
      folded[i] = new FoldedEntry(entries[i]).foldAll();
    }
    List<FilterRule> mixed = mixedRules();
    FilterSet one =
        FilterSet.compile(
            List.of(
                new FilterRule(
                    1,
                    FilterRule.Field.TITLE,
                    FilterRule.Match.KEYWORD,
                    "sponsored",
                    FilterRule.Action.HIDE,
                    null,
                    null)));
    FilterSet twenty = FilterSet.compile(mixed);
    FilterSet twentyTitles =
        FilterSet.compile(
            mixed.stream()
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
                .toList());
    System.out.printf(
        Locale.ROOT, "%,d entries (%,d distinct) per pass%n%n", total, entries.length);
    System.out.println(
        "| rules | fold (baseline) | fold + apply | apply (difference) | apply alone |");
    System.out.println("| --- | ---: | ---: | ---: | ---: |");
    report("1 title keyword", one, entries, folded, total);
    report(
        "20 mixed: keyword, phrase, regex; every field; half feed-scoped",
        twenty,
        entries,
        folded,
        total);
    report(
        "the same without the regex (19)",
        FilterSet.compile(mixed.stream().filter(r -> r.match() != FilterRule.Match.REGEX).toList()),
        entries,
        folded,
        total);
    report(
        "the title regex alone",
        FilterSet.compile(mixed.stream().filter(r -> r.match() == FilterRule.Match.REGEX).toList()),
        entries,
        folded,
        total);
    report("the same 20 on titles only", twentyTitles, entries, folded, total);
  }

  private static void report(
      String what, FilterSet set, WindowEntry[] entries, FoldedEntry[] folded, int total) {
    for (int warm = 0; warm < 2; warm++) {
      foldOnly(entries, total / 4);
      foldAndApply(set, entries, total / 4);
      applyAlone(set, folded, total / 4);
    }
    double b1 = foldOnly(entries, total);
    double m1 = foldAndApply(set, entries, total);
    double m2 = foldAndApply(set, entries, total);
    double b2 = foldOnly(entries, total);
    double a = Math.min(applyAlone(set, folded, total), applyAlone(set, folded, total));
    double base = (b1 + b2) / 2;
    double both = (m1 + m2) / 2;
    System.out.printf(
        Locale.ROOT,
        "| %s | %.0f ns | %.0f ns | %.0f ns | %.0f ns |%n",
        what,
        base,
        both,
        both - base,
        a);
  }

  /** ns per entry. */
  private static double foldOnly(WindowEntry[] entries, int total) {
    long t0 = System.nanoTime();
    long acc = 0;
    for (int i = 0; i < total; i++) {
      acc += new FoldedEntry(entries[i % entries.length]).foldAll().hashCode();
    }
    sink += acc;
    return (System.nanoTime() - t0) / (double) total;
  }

  private static double foldAndApply(FilterSet set, WindowEntry[] entries, int total) {
    long t0 = System.nanoTime();
    int shown = 0;
    for (int i = 0; i < total; i++) {
      FoldedEntry e = new FoldedEntry(entries[i % entries.length]).foldAll();
      if (set.apply(e, null) == Verdict.SHOW) {
        shown++;
      }
    }
    sink += shown;
    return (System.nanoTime() - t0) / (double) total;
  }

  private static double applyAlone(FilterSet set, FoldedEntry[] folded, int total) {
    long t0 = System.nanoTime();
    int shown = 0;
    for (int i = 0; i < total; i++) {
      if (set.apply(folded[i % folded.length], null) == Verdict.SHOW) {
        shown++;
      }
    }
    sink += shown;
    return (System.nanoTime() - t0) / (double) total;
  }

  /** 18 keyword and phrase rules over every field, half feed-scoped, a title regex, a URL word. */
  static List<FilterRule> mixedRules() {
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
    return rules;
  }
}
