package com.inkzee.benchmarks;

import com.inkzee.fetcher.parse.FeedParseException;
import com.inkzee.fetcher.parse.FeedParser;
import com.inkzee.fetcher.parse.ParsedFeed;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Parse throughput of the fetcher's full path ({@link FeedParser}: decode, DOCTYPE pre-scan, Rome,
 * normalise, sanitise, SimHash) over the corpus's wellformed/ and realworld/ feeds, against a plain
 * StAX pass over the same bytes in the same process: the JDK's streaming parser reading every event
 * and touching every text character, which is the limit for anything that reads XML.
 *
 * <p>Slices alternate StAX, parser, parser, StAX (ABBA), after a warm-up of each, so background
 * load weighs on both alike. Usage: {@code java -cp benchmarks.jar
 * com.inkzee.benchmarks.FeedParseBenchmark [--corpus DIR] [--mb 300] [--warmup-mb 60]}; the corpus
 * defaults to the repository's testdata/feeds (else shared/feeds) found above the working
 * directory.
 */
public final class FeedParseBenchmark {
  private static final XMLInputFactory STAX = XMLInputFactory.newDefaultFactory();
  private static volatile long sink;

  static {
    STAX.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    STAX.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
  }

  private FeedParseBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path corpus = null;
    long mb = 300;
    long warmupMb = 60;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--corpus" -> corpus = Path.of(args[++i]);
        case "--mb" -> mb = Long.parseLong(args[++i]);
        case "--warmup-mb" -> warmupMb = Long.parseLong(args[++i]);
        default -> {
          System.out.println(
              "usage: FeedParseBenchmark [--corpus DIR] [--mb 300] [--warmup-mb 60]");
          System.exit(args[i].equals("--help") ? 0 : 2);
        }
      }
    }
    corpus = corpus != null ? corpus : findCorpus();
    FeedParser parser = new FeedParser(Clock.systemUTC());
    List<byte[]> feeds = new ArrayList<>();
    List<URI> urls = new ArrayList<>();
    int skipped = 0;
    for (String folder : List.of("wellformed", "realworld")) {
      try (Stream<Path> files = Files.walk(corpus.resolve(folder))) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          byte[] body = Files.readAllBytes(f);
          URI url = URI.create("http://feeds.example/" + corpus.relativize(f));
          // The same bytes for both sides: only files both parsers read completely.
          if (staxReads(body) && parses(parser, body, url)) {
            feeds.add(body);
            urls.add(url);
          } else {
            skipped++;
          }
        }
      }
    }
    long passBytes = feeds.stream().mapToLong(b -> b.length).sum();
    System.out.printf(
        "corpus %s: %d feeds, %.2f MB per pass (%d files skipped: one side cannot read them)%n",
        corpus, feeds.size(), passBytes / 1e6, skipped);

    Side stax = new Side("plain StAX pass (limit)", () -> staxPass(feeds));
    Side full =
        new Side("FeedParser: parse + normalise + sanitise", () -> parsePass(parser, feeds, urls));
    long warmupPasses = Math.max(1, warmupMb * 1_000_000 / passBytes);
    for (long i = 0; i < warmupPasses; i++) {
      stax.pass.run();
      full.pass.run();
    }
    long slicePasses = Math.max(1, mb * 1_000_000 / passBytes / 4);
    for (Side side : new Side[] {stax, full, full, stax}) {
      side.time(slicePasses, passBytes);
    }
    for (Side side : new Side[] {full, stax, stax, full}) {
      side.time(slicePasses, passBytes);
    }
    System.out.printf("%-45s %10s %10s%n", "side", "MB/s", "MB");
    for (Side side : new Side[] {stax, full}) {
      System.out.printf(
          "%-45s %10.1f %10.0f%n",
          side.name, side.bytes / 1e6 / (side.nanos / 1e9), side.bytes / 1e6);
    }
    double ratio = (full.bytes / (double) full.nanos) / (stax.bytes / (double) stax.nanos);
    System.out.printf("ratio FeedParser / StAX: %.3f%n", ratio);
  }

  private static final class Side {
    final String name;
    final Runnable pass;
    long nanos;
    long bytes;

    Side(String name, Runnable pass) {
      this.name = name;
      this.pass = pass;
    }

    void time(long passes, long passBytes) {
      long t0 = System.nanoTime();
      for (long i = 0; i < passes; i++) {
        pass.run();
      }
      nanos += System.nanoTime() - t0;
      bytes += passes * passBytes;
    }
  }

  private static void parsePass(FeedParser parser, List<byte[]> feeds, List<URI> urls) {
    long acc = 0;
    for (int i = 0; i < feeds.size(); i++) {
      try {
        ParsedFeed f = parser.parse(feeds.get(i), null, urls.get(i));
        acc += f.entries().size();
      } catch (FeedParseException e) {
        throw new IllegalStateException("a feed that parsed before was refused: " + e.getMessage());
      }
    }
    sink = acc;
  }

  private static void staxPass(List<byte[]> feeds) {
    long acc = 0;
    for (byte[] body : feeds) {
      try {
        acc += staxChars(body);
      } catch (XMLStreamException e) {
        throw new IllegalStateException(e);
      }
    }
    sink = acc;
  }

  private static long staxChars(byte[] body) throws XMLStreamException {
    XMLStreamReader r = STAX.createXMLStreamReader(new ByteArrayInputStream(body));
    long chars = 0;
    while (r.hasNext()) {
      int event = r.next();
      if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
        chars += r.getTextLength();
      } else if (event == XMLStreamConstants.START_ELEMENT) {
        chars += r.getAttributeCount();
      }
    }
    r.close();
    return chars;
  }

  private static boolean staxReads(byte[] body) {
    try {
      staxChars(body);
      return true;
    } catch (XMLStreamException | RuntimeException e) {
      return false;
    }
  }

  private static boolean parses(FeedParser parser, byte[] body, URI url) {
    try {
      parser.parse(body, null, url);
      return true;
    } catch (FeedParseException e) {
      return false;
    }
  }

  private static Path findCorpus() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      for (Path c :
          new Path[] {
            p.resolve("testdata").resolve("feeds"), p.resolve("shared").resolve("feeds")
          }) {
        if (Files.isRegularFile(c.resolve("MANIFEST.tsv"))) {
          return c;
        }
      }
    }
    throw new IllegalStateException("corpus not found: pass --corpus DIR (testdata/feeds)");
  }
}
