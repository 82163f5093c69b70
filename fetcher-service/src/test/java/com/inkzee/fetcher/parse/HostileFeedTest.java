package com.inkzee.fetcher.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.store.StoreLimits;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Feeds of a few hundred KB to a few MB that grew to gigabytes when parsed (relative links made
 * absolute against an 8 KB base, rel and target added to every link) parse in a small heap, with
 * every entry within {@link StoreLimits} and the feed within {@link
 * EntryAssembler#FEED_OUTPUT_BYTES}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a bound for a hang, not a performance assertion
class HostileFeedTest {
  private static final Pattern SIZES =
      Pattern.compile(
          "body (\\d+) entries (\\d+) maxSummary (\\d+) maxContent (\\d+) total (\\d+)");

  /**
   * Each shape in a JVM of its own with 256 MiB of heap, dying on OutOfMemoryError as the
   * Dockerfile's fetcher does (-XX:+ExitOnOutOfMemoryError: exit code 3).
   */
  @ParameterizedTest
  @ValueSource(strings = {"links-in-html", "bare-anchors", "many-items", "relative-links"})
  void parsesInASmallHeapWithinTheStoreLimits(String shape) throws Exception {
    assertWithinLimits(probe(shape, "-Xmx256m"));
  }

  /**
   * Six workers each parsing 4 Mi characters of dense tags (about 200 MiB of jsoup tree each) in a
   * 768 MiB heap: large inputs parse one at a time there (HtmlSanitizer's permits, one per 512
   * MiB), where all six at once ran out of heap.
   */
  @Test
  void manyWorkersParsingDenseContentAtOnceStayWithinTheHeap() throws Exception {
    String out = probe("dense-content-by-many-workers", "-Xmx768m");
    assertWithinLimits(out);
    assertThat(out).contains("feeds 6 all 6");
  }

  /** Runs {@link HostileFeedProbe} on {@code shape} in a JVM of its own; what it printed. */
  private static String probe(String shape, String heap) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                heap,
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                HostileFeedProbe.class.getName(),
                shape)
            .redirectErrorStream(true)
            .start();
    String out;
    try {
      boolean done = p.waitFor(5, TimeUnit.MINUTES);
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(done).as("the probe finished: " + out).isTrue();
    } finally {
      p.destroyForcibly();
    }
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static void assertWithinLimits(String out) {
    Matcher m = SIZES.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    assertThat(Long.parseLong(m.group(2))).as(out).isPositive();
    assertThat(Long.parseLong(m.group(3)))
        .as(out)
        .isLessThanOrEqualTo(StoreLimits.MAX_SUMMARY_BYTES);
    assertThat(Long.parseLong(m.group(4)))
        .as(out)
        .isLessThanOrEqualTo(StoreLimits.MAX_CONTENT_BYTES);
    assertThat(Long.parseLong(m.group(5)))
        .as(out)
        .isLessThanOrEqualTo(EntryAssembler.FEED_OUTPUT_BYTES);
  }

  @Test
  void keepsTheFirstLinksOfAnOversizedDescriptionAndSaysNothingForOneEntry() throws Exception {
    String base = HostileFeeds.longBase(8000);
    ParsedFeed feed = parse(HostileFeeds.oneItem(base, "<a href=x>".repeat(100_000)));
    String summary = feed.entries().get(0).summary();
    assertThat(summary.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(StoreLimits.MAX_SUMMARY_BYTES)
        .isGreaterThan(StoreLimits.MAX_SUMMARY_BYTES / 2);
    assertThat(summary).startsWith("<a href=\"" + base + "x\" rel=\"noopener noreferrer\"");
    assertThat(summary).endsWith("</a>");
    // Cut at the field's limit, as EntryLimits always did: not a recovery of the feed's.
    assertThat(feed.recoveries()).noneMatch(r -> r.contains("MiB of HTML and URLs"));
  }

  @Test
  void keepsEveryEntryButSaysWhichLostTheirHtmlAndLinksPastTheFeedsBudget() throws Exception {
    ParsedFeed feed = parse(HostileFeeds.relativeLinks(HostileFeeds.longBase(8000), 5_000));
    assertThat(feed.entries()).hasSize(5_000);
    assertThat(feed.entries().get(0).url()).endsWith("/0");
    assertThat(feed.entries().get(0).enclosures()).hasSize(4);
    assertThat(feed.entries().get(4_999).url()).isNull();
    assertThat(feed.entries().get(4_999).enclosures()).isEmpty();
    // Keys come from the link whether or not it was kept, so they do not depend on the budget.
    assertThat(feed.entries().get(4_999).entryKey()).startsWith("sha256:");
    assertThat(feed.entries().stream().map(e -> e.entryKey()).distinct().count()).isEqualTo(5_000);
    assertThat(feed.recoveries())
        .anyMatch(r -> r.matches("\\d+ entries kept without HTML, link or enclosures: .*32 MiB.*"));
  }

  @Test
  void dropsALinkThatResolvesLongerThanTheStoreTakes() throws Exception {
    ParsedFeed feed =
        parse(
            HostileFeeds.oneItem(
                "https://example.com/", "<a href=\"" + "b".repeat(9000) + "\">x</a><img src=y>"));
    assertThat(feed.entries().get(0).summary())
        .isEqualTo(
            "<a rel=\"noopener noreferrer\" target=\"_blank\">x</a><img src=\"https://example.com/y\">");
  }

  private static ParsedFeed parse(byte[] body) throws FeedParseException {
    return new FeedParser(Clock.systemUTC())
        .parse(body, null, URI.create("https://example.com/feed"));
  }
}
