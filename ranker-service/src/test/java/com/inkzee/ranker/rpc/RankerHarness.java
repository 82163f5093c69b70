package com.inkzee.ranker.rpc;

import static org.awaitility.Awaitility.await;

import com.inkzee.ranker.RankerServiceMain;
import com.inkzee.rpc.api.ranker.RankerMessages.AlsoIn;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverItem;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverRequest;
import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.api.ranker.RiverOrder;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.rpc.api.store.EntryMessages.ListEntriesRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.client.ClientConfig;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.store.testing.EmbeddedStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ranker as it runs in production, in-process: a real store on the embedded database, a ranker
 * started by {@link RankerServiceMain#start} against it, and a {@link RankerService} client over
 * loopback. Entries go in through the store's ingest and reach the ranker only by its change-feed
 * tail, so every test waits (bounded) for the tail before it asks.
 */
final class RankerHarness implements AutoCloseable {
  /** How long a test waits for the tail (50 ms idle pause) to bring an entry in: generous. */
  static final Duration TAIL_WAIT = Duration.ofSeconds(10);

  /** Every URL and name carries it, so tests sharing a store never share a feed or a story. */
  private static final AtomicInteger UNIQUE = new AtomicInteger();

  /** Sentences of visible text: over the 80 characters near-duplicate detection needs. */
  private static final String FILLER =
      "Reporters followed the story through the week and spoke with people on every side of it. "
          + "The details below were confirmed by two independent sources before publication.";

  final EmbeddedStore store;
  private final Path dir;
  private Ranker ranker;

  RankerHarness(Path dir) {
    this(dir, true);
  }

  /** A store, and unless {@code withRanker} is false a ranker of the harness's own. */
  RankerHarness(Path dir, boolean withRanker) {
    this.dir = dir;
    this.store = new EmbeddedStore(dir.resolve("store"));
    try {
      this.ranker = withRanker ? startRanker(dir.resolve("ranker")) : null;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** A running ranker and a client of it; closing stops the server as an operator would. */
  static final class Ranker implements AutoCloseable {
    final RpcServer server;
    final RpcClient<RankerService> client;

    Ranker(RpcServer server) {
      this.server = server;
      // Long polls wait up to 60 s on the server: the call timeout must exceed the longest used.
      this.client =
          RpcClient.connect(
              InkzeeCatalogue.get(),
              RankerService.class,
              ClientConfig.defaults(new Endpoint("127.0.0.1", server.port()))
                  .withCallTimeout(Duration.ofSeconds(30)));
    }

    RankerService stub() {
      return client.stub();
    }

    @Override
    public void close() {
      client.close();
      server.shutdown(Duration.ofSeconds(2));
    }
  }

  /** Starts another ranker on this harness's store with {@code dataDir} for its cursor. */
  Ranker startRanker(Path dataDir) {
    return startRanker(dataDir, Map.of());
  }

  /** As {@link #startRanker(Path)}, with more of the ranker's environment (e.g. the fetcher). */
  Ranker startRanker(Path dataDir, Map<String, String> moreEnv) {
    Map<String, String> env = new HashMap<>(moreEnv);
    env.put("INKZEE_RPC_PORT", "0");
    env.put("INKZEE_STORE_ENDPOINTS", "127.0.0.1:" + store.port());
    env.put("INKZEE_DATA_DIR", dataDir.toString());
    env.put("INKZEE_RANKER_TAIL_IDLE_MILLIS", "50");
    RpcServer server = RankerServiceMain.start(new Env(env));
    Ranker r = new Ranker(server);
    if (!r.client.awaitReady(Duration.ofSeconds(10))) {
      r.close();
      throw new IllegalStateException("ranker did not answer within 10 s");
    }
    return r;
  }

  /** The harness's own ranker. */
  RankerService ranker() {
    return ranker.stub();
  }

  Ranker own() {
    return ranker;
  }

  Path dir() {
    return dir;
  }

  static String unique(String name) {
    return name + "-" + UNIQUE.incrementAndGet();
  }

  long newUser(String name) {
    return store.createUser(unique(name));
  }

  /** Subscribes through the ranker (so its reader cache follows); returns the feed id. */
  long follow(long userId, String feedName, String folder, int priority) {
    return ranker()
        .subscribe(
            new SubscribeRequest(
                userId, "https://" + feedName + ".example/feed.xml", feedName, folder, priority))
        .subscription()
        .feedId();
  }

  long follow(long userId, String feedName) {
    return follow(userId, feedName, null, 0);
  }

  /** A feed name nobody else uses. */
  static String feedName(String name) {
    return unique(name);
  }

  /** A fingerprint for an entry key: distinct keys differ in about 32 of 64 bits. */
  static long fingerprint(String key) {
    return new SplittableRandom(key.hashCode() * 0x9E3779B97F4A7C15L).nextLong();
  }

  /** {@code base} with {@code bits} low bits flipped: a near-duplicate's fingerprint. */
  static long nearBy(long base, int bits) {
    return base ^ ((1L << bits) - 1);
  }

  /** Builds entries; every field is set as a fetcher would set it. */
  static final class Story {
    private final String key;
    private String title;
    private String url;
    private String author = "Staff Writer";
    private String text;
    private String content;
    private List<String> categories = List.of("news");
    private Instant publishedAt = Instant.now().minus(1, ChronoUnit.HOURS);
    private long fingerprint;

    private Story(String key) {
      this.key = key;
      this.title = "Story " + key;
      this.url = "https://site.example/" + key;
      this.text = "Story " + key + " in detail. " + FILLER;
      this.fingerprint = RankerHarness.fingerprint(key);
    }

    /** A story whose key, title and URL are unique to this run. */
    static Story of(String name) {
      return new Story(unique(name));
    }

    String key() {
      return key;
    }

    Story title(String t) {
      title = t;
      return this;
    }

    Story url(String u) {
      url = u;
      return this;
    }

    Story author(String a) {
      author = a;
      return this;
    }

    Story text(String t) {
      text = t;
      return this;
    }

    /** The full article body; its words set the reading time. */
    Story content(String c) {
      content = c;
      return this;
    }

    Story categories(String... c) {
      categories = List.of(c);
      return this;
    }

    Story publishedAt(Instant at) {
      publishedAt = at;
      return this;
    }

    Story fingerprint(long f) {
      fingerprint = f;
      return this;
    }

    /** The same story under another key (a copy carried by another feed). */
    Story copy(String copyKey) {
      Story s = new Story(copyKey);
      s.title = title;
      s.url = url;
      s.author = author;
      s.text = text;
      s.content = content;
      s.categories = categories;
      s.publishedAt = publishedAt;
      s.fingerprint = fingerprint;
      return s;
    }

    EntryInput input() {
      return new EntryInput(
          key,
          "urn:inkzee-test:" + key,
          url,
          title,
          author,
          "<p>" + text + "</p>",
          content == null ? null : "<article><p>" + content + "</p></article>",
          categories,
          List.of(),
          publishedAt,
          null,
          fingerprint,
          "en");
    }
  }

  /** Ingests {@code stories} into {@code feedId}; returns each story key's entry id. */
  Map<String, Long> ingest(long feedId, Story... stories) {
    List<EntryInput> inputs = new ArrayList<>();
    for (Story s : stories) {
      inputs.add(s.input());
    }
    for (int from = 0; from < inputs.size(); from += 1000) {
      store
          .store()
          .ingestEntries(
              new IngestRequest(
                  feedId, inputs.subList(from, Math.min(inputs.size(), from + 1000))));
    }
    Map<String, Long> stored = new HashMap<>();
    for (Entry e : entriesOf(feedId)) {
      stored.put(e.entryKey(), e.id());
    }
    Map<String, Long> ids = new LinkedHashMap<>(); // in the order given
    for (Story s : stories) {
      Long id = stored.get(s.key());
      if (id == null) {
        throw new IllegalStateException("entry " + s.key() + " not stored in feed " + feedId);
      }
      ids.put(s.key(), id);
    }
    return ids;
  }

  long ingestOne(long feedId, Story story) {
    return ingest(feedId, story).get(story.key());
  }

  private List<Entry> entriesOf(long feedId) {
    List<Entry> all = new ArrayList<>();
    var after = (com.inkzee.rpc.api.store.EntryMessages.EntryCursor) null;
    do {
      var page =
          store
              .store()
              .listEntries(new ListEntriesRequest(List.of(feedId), null, null, 1000, after, true));
      all.addAll(page.entries());
      after = page.next();
    } while (after != null);
    return all;
  }

  /** Every entry id the reader's river shows, read or not, items and their collapsed copies. */
  Set<Long> visibleIds(RankerService r, long userId) {
    Set<Long> ids = new HashSet<>();
    String cursor = null;
    do {
      var page =
          r.river(new RiverRequest(userId, RiverOrder.NEWEST, true, null, null, cursor, 500));
      for (RiverItem item : page.items()) {
        ids.add(item.entryId());
        for (AlsoIn a : item.alsoIn()) {
          ids.add(a.entryId());
        }
      }
      cursor = page.nextCursor();
    } while (cursor != null);
    return ids;
  }

  /** Waits (bounded) until the ranker has tailed the entries: they show in the reader's river. */
  void awaitTailed(long userId, Long... entryIds) {
    awaitTailed(ranker(), userId, Arrays.asList(entryIds));
  }

  void awaitTailed(long userId, java.util.Collection<Long> entryIds) {
    awaitTailed(ranker(), userId, entryIds);
  }

  void awaitTailed(RankerService r, long userId, java.util.Collection<Long> entryIds) {
    await()
        .atMost(TAIL_WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> visibleIds(r, userId).containsAll(entryIds));
  }

  /** The first page of the reader's unread river. */
  List<RiverItem> unread(long userId, RiverOrder order) {
    return ranker().river(new RiverRequest(userId, order, false, null, null, null, 500)).items();
  }

  static List<Long> ids(List<RiverItem> items) {
    List<Long> ids = new ArrayList<>();
    for (RiverItem i : items) {
      ids.add(i.entryId());
    }
    return ids;
  }

  @Override
  public void close() {
    try {
      if (ranker != null) {
        ranker.close();
      }
    } finally {
      store.close();
    }
  }
}
