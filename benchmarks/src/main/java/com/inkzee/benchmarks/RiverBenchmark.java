package com.inkzee.benchmarks;

import com.inkzee.ranker.cluster.StoryClusters;
import com.inkzee.ranker.river.EntryGate;
import com.inkzee.ranker.river.RiverBuilder;
import com.inkzee.ranker.river.RiverOrder;
import com.inkzee.ranker.river.RiverRequest;
import com.inkzee.ranker.river.Subscription;
import com.inkzee.ranker.river.UserView;
import com.inkzee.ranker.score.FeedAffinity;
import com.inkzee.ranker.score.PreferenceRule;
import com.inkzee.ranker.score.Preferences;
import com.inkzee.ranker.score.Scorer;
import com.inkzee.ranker.window.EntryWindow;
import com.inkzee.ranker.window.WindowEntry;
import com.inkzee.ranker.window.WindowListener;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * River latency for a reader with 1,000 subscriptions over a 1,000,000-entry window, in the
 * ranker's own structures (window, story clusters, scorer, river builder), and what the window
 * costs: heap and the time to fill it, which is most of a cold start.
 *
 * <p>The window: 20,000 feeds whose sizes follow a Zipf law (a few post hundreds a day, most a few
 * a week), entries spread over 14 days, 300 characters of text, and one story in twenty carried by
 * two to four feeds (same headline, fingerprints a few bits apart), so clustering has work to do.
 * The baseline, run in the same process on the same reader, is the NEWEST river: the same
 * candidates and clusters, ordered by date instead of scored. Targets: p99 &lt; 20 ms, heap &lt; 2
 * GiB.
 *
 * <pre>java -Xmx3g -cp benchmarks/target/benchmarks.jar com.inkzee.benchmarks.RiverBenchmark
 *     [entries=1000000] [calls=400]</pre>
 */
public final class RiverBenchmark {
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final int FEEDS = 20_000;
  private static final int SUBSCRIPTIONS = 1_000;
  private static final int PAGE = 50;
  private static final String[] WORDS = {
    "council", "budget", "storm", "election", "market", "release", "kernel", "climate", "energy",
    "school", "library", "museum", "football", "transit", "housing", "health", "science", "space",
    "privacy", "court", "bank", "startup", "festival", "harbour", "bridge", "river", "forest"
  };

  private RiverBenchmark() {}

  public static void main(String[] args) {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 400;
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    System.out.printf(
        Locale.ROOT,
        "River benchmark, %s, load average %s; %,d entries over %,d feeds, a reader of %,d%n",
        RpcBenchmark.machine(),
        RpcBenchmark.loadAverage(),
        entries,
        FEEDS,
        SUBSCRIPTIONS);
    // The baseline of the fill: the same puts with the clusters told one entry at a time (a
    // listener that forwards onPut and onRemove only, so no batch is probed in parallel).
    double oneAtATime = fillOneAtATime(clock, entries);
    long heapBefore = usedHeapAfterGc();
    EntryWindow window = new EntryWindow(Duration.ofDays(14), clock);
    StoryClusters clusters = new StoryClusters(window::get);
    window.addListener(clusters);
    long fill = System.nanoTime();
    fill(window, entries);
    double fillSeconds = (System.nanoTime() - fill) / 1e9;
    long heap = usedHeapAfterGc() - heapBefore;
    System.out.printf(
        Locale.ROOT,
        "window filled: %,d entries, %,d clusters in %.1f s (%.1f µs per entry); heap %,d MiB (%d bytes per entry)%n",
        window.size(),
        clusters.clusterCount(),
        fillSeconds,
        fillSeconds * 1e6 / entries,
        heap >> 20,
        heap / Math.max(1, window.size()));
    System.out.printf(
        Locale.ROOT,
        "fill with the clusters told one entry at a time (baseline): %.1f s; in parallel batches:"
            + " %.1f s (%.2f of the baseline, %d cores)%n",
        oneAtATime,
        fillSeconds,
        fillSeconds / oneAtATime,
        Runtime.getRuntime().availableProcessors());

    RiverBuilder river = new RiverBuilder(window, clusters, new Scorer(), clock);
    UserView reader = reader(new Random(5));
    int candidates = 0;
    for (long feed : reader.subscriptions().keySet()) {
      candidates += window.feed(feed).size();
    }
    System.out.printf(Locale.ROOT, "the reader's feeds hold %,d entries%n", candidates);
    // JIT warm-up on both orders before anything is timed.
    for (int i = 0; i < 30; i++) {
      river.page(reader, RiverRequest.unread(RiverOrder.RANKED, PAGE));
      river.page(reader, RiverRequest.unread(RiverOrder.NEWEST, PAGE));
    }
    var sample = river.page(reader, RiverRequest.unread(RiverOrder.RANKED, PAGE));
    var sample2 = river.page(reader, RiverRequest.unread(RiverOrder.RANKED, PAGE).after(sample));
    System.out.printf(
        Locale.ROOT,
        "entries read per page: RANKED first %,d, second %,d; NEWEST %,d (of %,d candidates)%n",
        sample.entriesRead(),
        sample2.entriesRead(),
        river.page(reader, RiverRequest.unread(RiverOrder.NEWEST, PAGE)).entriesRead(),
        candidates);
    Histogram ranked = new Histogram(3);
    Histogram newest = new Histogram(3);
    Histogram page2 = new Histogram(3);
    for (int i = 0; i < calls; i++) { // alternating, so a noisy moment hits both alike
      long t = System.nanoTime();
      var first = river.page(reader, RiverRequest.unread(RiverOrder.RANKED, PAGE));
      ranked.recordValue(System.nanoTime() - t);
      t = System.nanoTime();
      river.page(reader, RiverRequest.unread(RiverOrder.RANKED, PAGE).after(first));
      page2.recordValue(System.nanoTime() - t);
      t = System.nanoTime();
      river.page(reader, RiverRequest.unread(RiverOrder.NEWEST, PAGE));
      newest.recordValue(System.nanoTime() - t);
    }
    print("RANKED, first page", ranked, newest);
    print("RANKED, second page", page2, newest);
    print("NEWEST (baseline)", newest, newest);
    System.out.printf(
        Locale.ROOT,
        "target: p99 < 20 ms: %s; heap < 2 GiB: %s%n",
        Math.max(ranked.getValueAtPercentile(99), page2.getValueAtPercentile(99)) < 20_000_000L
            ? "MET"
            : "MISSED",
        heap < (2L << 30) ? "MET" : "MISSED");
  }

  private static void print(String what, Histogram h, Histogram baseline) {
    System.out.printf(
        Locale.ROOT,
        "  %-22s p50 %6.2f ms   p99 %6.2f ms   max %6.2f ms   p50 ratio to NEWEST %.2f%n",
        what,
        h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(99) / 1e6,
        h.getMaxValue() / 1e6,
        (double) h.getValueAtPercentile(50) / baseline.getValueAtPercentile(50));
  }

  /**
   * Seconds to fill a window whose clusters are told one entry at a time. A method of its own, so
   * that its window is garbage before the measured one's heap is taken.
   */
  private static double fillOneAtATime(Clock clock, int entries) {
    EntryWindow baseline = new EntryWindow(Duration.ofDays(14), clock);
    baseline.addListener(oneAtATime(new StoryClusters(baseline::get)));
    long start = System.nanoTime();
    fill(baseline, entries);
    return (System.nanoTime() - start) / 1e9;
  }

  /** {@code clusters} behind a listener without {@link WindowListener#beforePuts}. */
  private static WindowListener oneAtATime(StoryClusters clusters) {
    return new WindowListener() {
      @Override
      public void onPut(WindowEntry entry, WindowEntry previous) {
        clusters.onPut(entry, previous);
      }

      @Override
      public void onRemove(WindowEntry entry) {
        clusters.onRemove(entry);
      }
    };
  }

  /** Feed sizes by a Zipf law (exponent 1), so a few feeds are very busy and most are quiet. */
  private static void fill(EntryWindow window, int entries) {
    Random random = new Random(42);
    double[] cumulative = new double[FEEDS];
    double sum = 0;
    for (int f = 0; f < FEEDS; f++) {
      sum += 1.0 / (f + 1);
      cumulative[f] = sum;
    }
    List<WindowEntry> batch = new ArrayList<>(10_000);
    long id = 0;
    while (id < entries) {
      long feed = 1 + feedByZipf(cumulative, random.nextDouble() * sum);
      Instant at = NOW.minusSeconds(random.nextInt(13 * 86_400));
      String title = title(random);
      long fp = random.nextLong();
      String text = text(random);
      id++;
      batch.add(entry(id, feed, title, text, at, fp));
      if (random.nextInt(20) == 0) { // the same story in 2-4 other feeds, hours apart
        int copies = 1 + random.nextInt(3);
        for (int c = 0; c < copies && id < entries; c++) {
          id++;
          long other = 1 + random.nextInt(FEEDS);
          batch.add(
              entry(
                  id,
                  other,
                  title,
                  text,
                  at.plusSeconds(random.nextInt(7_200)),
                  fp ^ (1L << random.nextInt(64))));
        }
      }
      if (batch.size() >= 10_000) {
        window.putAll(batch);
        batch.clear();
      }
    }
    window.putAll(batch);
  }

  private static int feedByZipf(double[] cumulative, double x) {
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static WindowEntry entry(
      long id, long feed, String title, String text, Instant at, long fp) {
    return new WindowEntry(
        id,
        id,
        feed,
        title,
        "https://feed" + feed + ".example/story/" + id,
        "Author " + (feed % 500),
        text,
        List.of(WORDS[(int) (feed % WORDS.length)]),
        at,
        fp,
        200 + (int) (id % 1_500));
  }

  private static String title(Random random) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      sb.append(i == 0 ? "" : " ")
          .append(WORDS[random.nextInt(WORDS.length)])
          .append(random.nextInt(1_000));
    }
    return sb.toString();
  }

  private static String text(Random random) {
    StringBuilder sb = new StringBuilder(320);
    while (sb.length() < 300) {
      sb.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
    }
    return sb.toString();
  }

  /** 1,000 subscriptions drawn across busy and quiet feeds, some reading history and rules. */
  private static UserView reader(Random random) {
    Long2ObjectOpenHashMap<Subscription> subs = new Long2ObjectOpenHashMap<>();
    while (subs.size() < SUBSCRIPTIONS) {
      long feed = 1 + random.nextInt(FEEDS);
      subs.put(
          feed, new Subscription("folder" + (feed % 20), (int) (feed % 5) - 2, "Feed " + feed));
    }
    Long2ObjectOpenHashMap<FeedAffinity.Counts> counts = new Long2ObjectOpenHashMap<>();
    for (long feed : subs.keySet()) {
      if (random.nextInt(3) == 0) {
        counts.put(
            feed,
            new FeedAffinity.Counts(
                random.nextInt(50),
                random.nextInt(5),
                random.nextInt(3),
                random.nextInt(2),
                random.nextInt(40)));
      }
    }
    List<PreferenceRule> rules = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rules.add(
          PreferenceRule.everywhere(
              PreferenceRule.Kind.TITLE,
              WORDS[random.nextInt(WORDS.length)] + random.nextInt(1_000),
              random.nextBoolean() ? 2 : -2));
    }
    rules.add(PreferenceRule.everywhere(PreferenceRule.Kind.AUTHOR, "author 7", 3));
    return new UserView(
        1,
        subs,
        new LongOpenHashSet(),
        new LongOpenHashSet(),
        new Long2IntOpenHashMap(),
        FeedAffinity.of(counts),
        Preferences.of(rules),
        EntryGate.SHOW_ALL);
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}
