package com.inkzee.fetcher.parse;

import com.inkzee.rpc.api.store.EntryMessages.Enclosure;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Parses one {@link HostileFeeds} shape and prints what the entries hold; run by {@link
 * HostileFeedTest} in a JVM of its own with a small heap, where an unbounded parse dies of
 * OutOfMemoryError (exit code 3 with -XX:+ExitOnOutOfMemoryError, as in the Dockerfile).
 */
public final class HostileFeedProbe {
  private HostileFeedProbe() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("dense-content-by-many-workers")) {
      denseContentByManyWorkers();
      return;
    }
    byte[] body =
        switch (args[0]) {
          case "links-in-html" ->
              HostileFeeds.oneItem(HostileFeeds.longBase(8000), "<a href=x>".repeat(100_000));
          case "bare-anchors" ->
              HostileFeeds.oneItem("https://example.com/", "<a>".repeat(300_000));
          case "many-items" ->
              HostileFeeds.manyItems(
                  HostileFeeds.longBase(2000), 1000, "<a href=x>y</a>".repeat(60));
          case "relative-links" -> HostileFeeds.relativeLinks(HostileFeeds.longBase(8000), 50_000);
          default -> throw new IllegalArgumentException(args[0]);
        };
    ParsedFeed feed =
        new FeedParser(Clock.systemUTC()).parse(body, null, URI.create("https://example.com/feed"));
    System.out.println("body " + body.length + " " + describe(feed));
  }

  /**
   * Six fetch workers at once, each parsing a feed whose content is 4 Mi characters of dense tags
   * (the most a content field's input is read to): jsoup's tree of each takes about 200 MiB.
   */
  private static void denseContentByManyWorkers() throws Exception {
    int workers = 6;
    FeedParser parser = new FeedParser(Clock.systemUTC());
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    List<Future<ParsedFeed>> feeds = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      byte[] body = HostileFeeds.oneItemContent("https://example.com/", "x<i>".repeat(1 << 20));
      feeds.add(
          pool.submit(() -> parser.parse(body, null, URI.create("https://example.com/feed"))));
    }
    long total = 0;
    ParsedFeed last = null;
    for (Future<ParsedFeed> f : feeds) {
      last = f.get();
      total += last.entries().size();
    }
    pool.shutdown();
    System.out.println("body 0 " + describe(last) + " feeds " + feeds.size() + " all " + total);
  }

  /** "entries N maxSummary S maxContent C total T": sizes in UTF-8 bytes. */
  static String describe(ParsedFeed feed) {
    long maxSummary = 0;
    long maxContent = 0;
    long total = 0;
    for (EntryInput e : feed.entries()) {
      long s = bytes(e.summary());
      long c = bytes(e.content());
      maxSummary = Math.max(maxSummary, s);
      maxContent = Math.max(maxContent, c);
      total += s + c + bytes(e.url());
      for (Enclosure en : e.enclosures()) {
        total += bytes(en.url());
      }
    }
    return "entries "
        + feed.entries().size()
        + " maxSummary "
        + maxSummary
        + " maxContent "
        + maxContent
        + " total "
        + total;
  }

  private static long bytes(String s) {
    return s == null ? 0 : s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }
}
