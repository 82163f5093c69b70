package com.inkzee.benchmarks;

import com.inkzee.rpc.serial.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Benchmark-only messages and their sample values, so the load is shaped like real reader traffic
 * (a small lookup, and a river page) without tying the benchmark to the evolving production API.
 */
public final class BenchMessages {
  /** Entries per river page, as the reader page asks for. */
  public static final int RIVER_PAGE_SIZE = 50;

  private static final String[] WORDS = {
    "feed", "reader", "river", "story", "update", "release", "security", "kernel", "climate",
    "market", "review", "launch", "report", "analysis", "open", "source", "network", "storage",
    "java", "latency", "cluster", "digest", "alert", "summary", "weekly", "notes", "patch",
    "browser", "privacy", "energy", "science", "design"
  };

  private BenchMessages() {}

  /** A small call: one subscription lookup, about 100 bytes on the wire. */
  public record SmallRequest(
      @Field(1) long userId, @Field(2) String feedUrl, @Field(3) int limit) {}

  /** The small call's answer, about the same size as its request. */
  public record SmallResponse(
      @Field(1) long userId, @Field(2) String feedUrl, @Field(3) int unread) {}

  /** Asks for one page of a user's ranked river. */
  public record RiverRequest(@Field(1) long userId, @Field(2) int page, @Field(3) int pageSize) {}

  /** One ranked entry, with the fields the reader page shows. */
  public record BenchEntry(
      @Field(1) String title,
      @Field(2) String url,
      @Field(3) String feedTitle,
      @Field(4) String author,
      @Field(5) String summary,
      @Field(6) Instant publishedAt,
      @Field(7) double score,
      @Field(8) List<String> categories) {}

  /** One page of a river: the heavy response, about 20 KB. */
  public record RiverPage(
      @Field(1) long userId,
      @Field(2) int page,
      @Field(3) List<BenchEntry> entries,
      @Field(4) String nextCursor) {}

  public static SmallRequest smallRequest() {
    return new SmallRequest(
        4_211_977L, "https://blog.example.org/engineering/feeds/atom.xml?category=releases", 25);
  }

  public static RiverRequest riverRequest() {
    return new RiverRequest(4_211_977L, 3, RIVER_PAGE_SIZE);
  }

  /** A deterministic page (fixed seed), so every run and both transports carry the same bytes. */
  public static RiverPage riverPage() {
    Random random = new Random(20_240_601L);
    Instant newest = Instant.parse("2024-06-01T08:00:00.123456Z");
    List<BenchEntry> entries = new ArrayList<>(RIVER_PAGE_SIZE);
    for (int i = 0; i < RIVER_PAGE_SIZE; i++) {
      String title = capitalised(words(random, 4));
      String slug = words(random, 3).replace(' ', '-');
      entries.add(
          new BenchEntry(
              title,
              "https://news" + (i % 7) + ".example.com/" + slug,
              capitalised(words(random, 2)),
              (char) ('A' + i % 26) + ". Writer",
              text(random, 300),
              newest.minusSeconds(97L * i),
              1.0 / (1 + i) + random.nextDouble() / 100,
              List.of(WORDS[random.nextInt(WORDS.length)], WORDS[random.nextInt(WORDS.length)])));
    }
    return new RiverPage(4_211_977L, 3, List.copyOf(entries), "c:1717228800123:4211977:150");
  }

  private static String words(Random random, int count) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(WORDS[random.nextInt(WORDS.length)]);
    }
    return b.toString();
  }

  /** Sentence-like text of exactly {@code chars} characters. */
  private static String text(Random random, int chars) {
    StringBuilder b = new StringBuilder(chars + 16);
    while (b.length() < chars) {
      b.append(capitalised(words(random, 6 + random.nextInt(6)))).append(". ");
    }
    b.setLength(chars);
    return b.toString();
  }

  private static String capitalised(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
