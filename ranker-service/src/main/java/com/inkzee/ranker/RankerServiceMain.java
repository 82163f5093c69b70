package com.inkzee.ranker;

import com.inkzee.ops.ServiceOps;
import com.inkzee.ops.ServiceRunner;
import com.inkzee.ranker.alert.AlertDispatcher;
import com.inkzee.ranker.alert.AlertRegistry;
import com.inkzee.ranker.alert.AlertRule;
import com.inkzee.ranker.alert.ClusterLookup;
import com.inkzee.ranker.alert.FolderLookup;
import com.inkzee.ranker.cluster.StoryCluster;
import com.inkzee.ranker.cluster.StoryClusters;
import com.inkzee.ranker.feed.ArrivalTimes;
import com.inkzee.ranker.feed.ChangeFeedTailer;
import com.inkzee.ranker.feed.CursorFile;
import com.inkzee.ranker.feed.EntryIntake;
import com.inkzee.ranker.feed.WindowLoader;
import com.inkzee.ranker.ops.RankerOps;
import com.inkzee.ranker.river.RiverBuilder;
import com.inkzee.ranker.river.Subscription;
import com.inkzee.ranker.rpc.RankerRpcHandler;
import com.inkzee.ranker.score.Scorer;
import com.inkzee.ranker.store.RuleMapping;
import com.inkzee.ranker.store.StoreHitSink;
import com.inkzee.ranker.users.UserCache;
import com.inkzee.ranker.window.EntryWindow;
import com.inkzee.ranker.window.WindowEntry;
import com.inkzee.rpc.api.fetcher.FetcherService;
import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.api.store.RuleMessages.Alert;
import com.inkzee.rpc.api.store.RuleMessages.AllAlertsRequest;
import com.inkzee.rpc.api.store.RuleMessages.ListAlertHitsRequest;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.config.RpcClientSettings;
import com.inkzee.rpc.config.RpcServerSettings;
import com.inkzee.rpc.config.XmlRpcSettings;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.server.ServerConfig;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the ranker: loads the recent window from the store at {@code INKZEE_STORE_ENDPOINTS},
 * reaches the fetcher at {@code INKZEE_FETCHER_ENDPOINTS} for discovery and OPML (connected in the
 * background: the ranker starts without it, and those calls answer UNAVAILABLE until it is up),
 * tails the store's change feed from where it stopped last time (the cursor under {@code
 * INKZEE_DATA_DIR}), and serves {@code RankerService} on {@code INKZEE_RPC_PORT} (default 7103),
 * with /healthz and /metrics on {@code INKZEE_ADMIN_PORT} (default 7303). Everything it holds is
 * rebuilt from the store at the next start.
 */
public final class RankerServiceMain {
  private static final Logger log = LoggerFactory.getLogger(RankerServiceMain.class);

  public static final int DEFAULT_RPC_PORT = 7103;
  public static final int DEFAULT_XMLRPC_PORT = 7203;
  public static final int DEFAULT_ADMIN_PORT = 7303;
  public static final String DEFAULT_STORE_ENDPOINTS = "127.0.0.1:7101";
  public static final String DEFAULT_FETCHER_ENDPOINTS = "127.0.0.1:7102";

  /**
   * Calls to the fetcher read the web (discovery) or subscribe a whole OPML document: far longer
   * than a store call. The caller's deadline still bounds each one.
   */
  private static final Duration FETCHER_CALL_TIMEOUT = Duration.ofMinutes(2);

  /**
   * With no connection to the fetcher ready, a call waits this long for one (a fetcher starting
   * alongside) before it fails UNAVAILABLE, rather than holding the reader for a whole deadline.
   */
  private static final Duration FETCHER_DOWN_WAIT = Duration.ofSeconds(3);

  /** Alerts read per page at start. */
  private static final int ALERTS_PAGE = 1_000;

  /** How often entries older than the window are dropped. */
  private static final Duration EVICT_EVERY = Duration.ofMinutes(10);

  private RankerServiceMain() {}

  public static void main(String[] args) {
    ServiceRunner.run("ranker", Env.system(), DEFAULT_ADMIN_PORT, RankerServiceMain::start);
  }

  /** Builds and starts the service from its environment (tests; no admin server). */
  public static RpcServer start(Env env) {
    ServiceOps ops = ServiceOps.create("ranker");
    try {
      return start(env, ops, ops);
    } catch (RuntimeException e) {
      ops.close();
      throw e;
    }
  }

  /** Builds and starts the service, registering its metrics and health checks on {@code ops}. */
  public static RpcServer start(Env env, ServiceOps ops) {
    return start(env, ops, () -> {});
  }

  private static RpcServer start(Env env, ServiceOps ops, AutoCloseable alsoClose) {
    Clock clock = Clock.systemUTC();
    ServerConfig rpc = RpcServerSettings.fromEnv(env, DEFAULT_RPC_PORT);
    List<Endpoint> storeEndpoints =
        Endpoint.parseList(env.string("INKZEE_STORE_ENDPOINTS", DEFAULT_STORE_ENDPOINTS));
    List<Endpoint> fetcherEndpoints =
        Endpoint.parseList(env.string("INKZEE_FETCHER_ENDPOINTS", DEFAULT_FETCHER_ENDPOINTS));
    Duration span = Duration.ofDays(env.integer("INKZEE_RANKER_WINDOW_DAYS", 14, 1, 90));
    Path cursorPath =
        Path.of(
            env.string(
                "INKZEE_RANKER_CURSOR_FILE",
                Path.of(env.string("INKZEE_DATA_DIR", "./data"))
                    .resolve("ranker.cursor")
                    .toString()));
    Duration userMaxAge = env.seconds("INKZEE_RANKER_USER_CACHE_SECONDS", 60);
    int maxUsers = env.integer("INKZEE_RANKER_MAX_USERS", 100_000, 1, 10_000_000);
    Duration tailIdle =
        Duration.ofMillis(env.integer("INKZEE_RANKER_TAIL_IDLE_MILLIS", 500, 10, 60_000));
    Duration storeWait = env.seconds("INKZEE_STORE_STARTUP_WAIT_SECONDS", 60);

    List<AutoCloseable> opened = new ArrayList<>();
    opened.add(alsoClose);
    try {
      RpcClient<StoreService> storeClient =
          RpcClient.connect(
              InkzeeCatalogue.get(),
              StoreService.class,
              RpcClientSettings.fromEnv(env, storeEndpoints));
      opened.add(storeClient);
      ops.observe(storeClient);
      StoreService store = storeClient.stub();
      RpcClient<FetcherService> fetcherClient =
          RpcClient.connect(
              InkzeeCatalogue.get(),
              FetcherService.class,
              RpcClientSettings.fromEnv(env, fetcherEndpoints)
                  .withCallTimeout(FETCHER_CALL_TIMEOUT));
      ops.observe(fetcherClient);
      opened.add(fetcherClient);

      EntryWindow window = new EntryWindow(span, clock);
      StoryClusters clusters = new StoryClusters(window::get);
      window.addListener(clusters);
      ArrivalTimes arrivals = new ArrivalTimes();
      window.addListener(arrivals);
      WindowLoader.Loaded loaded = loadWaitingForStore(store, window, clock, span, storeWait);

      CursorFile cursorFile = new CursorFile(cursorPath);
      long start = startSequence(cursorFile.read(), loaded.headSequence(), cursorFile);

      AlertRegistry alerts = new AlertRegistry();
      List<AlertRule> alertRules = allAlerts(store);
      alerts.replaceAll(alertRules);
      UserCache users = new UserCache(store, clock, userMaxAge, maxUsers, window::lowestId);
      ClusterLookup stories = storyKey(clusters);
      AlertDispatcher dispatcher =
          new AlertDispatcher(
              AlertDispatcher.Limits.DEFAULTS, new StoreHitSink(store), stories, clock, start);
      rememberRecentHits(store, alertRules, window, stories, dispatcher, clock);
      ChangeFeedTailer tailer =
          new ChangeFeedTailer(
              store,
              start,
              new EntryIntake(window, alerts, dispatcher, folders(users), arrivals, clock),
              cursorFile,
              tailIdle);
      opened.add(tailer);
      ScheduledExecutorService evictor =
          Executors.newSingleThreadScheduledExecutor(
              new DefaultThreadFactory("inkzee-ranker-evict", true));
      opened.add(evictor::shutdownNow);
      evictor.scheduleWithFixedDelay(
          window::evictExpired,
          EVICT_EVERY.toMillis(),
          EVICT_EVERY.toMillis(),
          TimeUnit.MILLISECONDS);

      RankerRpcHandler handler =
          new RankerRpcHandler(
              store,
              () ->
                  fetcherClient.readyConnections() > 0
                      ? fetcherClient.stub()
                      : fetcherClient.stub(FETCHER_DOWN_WAIT),
              window,
              clusters,
              new RiverBuilder(window, clusters, new Scorer(), clock),
              users,
              alerts,
              dispatcher,
              arrivals,
              clock);
      // Ready while a connection to the store is up and the change feed is read, so a ranker
      // whose store or tailer is down is not called ready by the CLI's status. Read from state,
      // never a call of its own: a ping must stay cheap and quick however the store is doing.
      handler.readyWhen(() -> storeClient.readyConnections() > 0 && tailer.isAlive());
      // XML-RPC beside Inkzee RPC on INKZEE_XMLRPC_PORT (7203; -1 none), the same handler.
      var xmlRpc =
          XmlRpcSettings.start(
              env,
              DEFAULT_XMLRPC_PORT,
              rpc,
              InkzeeCatalogue.get(),
              RankerService.class,
              handler,
              ops.xmlRpcCalls());
      if (xmlRpc != null) {
        opened.add(xmlRpc);
      }
      RpcServer.Builder server =
          RpcServer.builder(InkzeeCatalogue.get(), rpc)
              .service(RankerService.class, handler)
              .alongside(xmlRpc)
              .observer(ops.serverCalls());
      opened.forEach(server::alsoClose);
      RpcServer started = server.start();
      tailer.start();
      RankerOps.bind(ops, storeClient, window, tailer, clock);
      log.info(
          "ranker: {} entries in a {}-day window, {} alerts, tailing the change feed after {}",
          window.size(),
          span.toDays(),
          alerts.matcher().alertCount(),
          start);
      return started;
    } catch (RuntimeException e) {
      for (int i = opened.size() - 1; i >= 0; i--) {
        try {
          opened.get(i).close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /** The store may start after the ranker (compose starts them together): wait for it, bounded. */
  private static WindowLoader.Loaded loadWaitingForStore(
      StoreService store, EntryWindow window, Clock clock, Duration span, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      try {
        return WindowLoader.load(store, window, clock.instant().minus(span));
      } catch (RpcException e) {
        if (e.status() != Status.UNAVAILABLE || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "cannot load the window from the store: " + e.getMessage(), e);
        }
        log.info("store not reachable yet ({}); retrying", e.getMessage());
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the store", ie);
        }
      }
    }
  }

  /**
   * Where tailing starts: the saved cursor (alerts then resume exactly where they stopped), else
   * the store's head as of the window load (a first start matches no alerts on old entries).
   */
  static long startSequence(OptionalLong saved, long head, CursorFile file) {
    if (saved.isEmpty()) {
      log.info("no change-feed cursor in {}: starting at the store's head {}", file, head);
      // Saved at once: a ranker stopped before any entry arrives must still resume from here,
      // or what is stored while it is down would never be matched.
      file.write(head);
      return head;
    }
    long cursor = saved.getAsLong();
    if (cursor > head) {
      log.warn(
          "cursor {} in {} is past the store's head {} (a different or restored store?): starting at the head",
          cursor,
          file,
          head);
      return head;
    }
    log.info("resuming the change feed after {} (head {})", cursor, head);
    return cursor;
  }

  /**
   * Feeds the hits of the dispatcher's story memory (the last 7 days) back into it, so a copy of an
   * already-alerted story arriving from another feed after a restart stays silent.
   */
  private static void rememberRecentHits(
      StoreService store,
      List<AlertRule> alerts,
      EntryWindow window,
      ClusterLookup stories,
      AlertDispatcher dispatcher,
      Clock clock) {
    Instant since = clock.instant().minus(AlertDispatcher.Limits.DEFAULTS.storyMemory());
    Set<Long> owners = new HashSet<>();
    for (AlertRule r : alerts) {
      owners.add(r.userId());
    }
    for (long owner : owners) {
      long before = 0;
      page:
      while (true) {
        var hits =
            store
                .listAlertHits(new ListAlertHitsRequest(owner, null, before, RECENT_HITS_PAGE))
                .hits();
        for (var h : hits) {
          if (h.hitAt().isBefore(since)) {
            break page;
          }
          WindowEntry e = window.get(h.entryId());
          dispatcher.remember(
              h.alertId(), e == null ? h.entryId() : stories.storyKey(e), h.hitAt());
          before = h.id();
        }
        if (hits.size() < RECENT_HITS_PAGE) {
          break;
        }
      }
    }
  }

  /** Hits read per page when remembering recent ones at start. */
  private static final int RECENT_HITS_PAGE = 1_000;

  private static List<AlertRule> allAlerts(StoreService store) {
    List<AlertRule> rules = new ArrayList<>();
    long after = 0;
    while (true) {
      List<Alert> page = store.allAlerts(new AllAlertsRequest(after, ALERTS_PAGE)).alerts();
      for (Alert a : page) {
        rules.add(RuleMapping.alert(a));
        after = Math.max(after, a.id());
      }
      if (page.size() < ALERTS_PAGE) {
        return rules;
      }
    }
  }

  /**
   * A story is keyed by its lowest entry id: the first copy to arrive, which keeps the key stable
   * as later copies from other feeds join it.
   */
  private static ClusterLookup storyKey(StoryClusters clusters) {
    return entry -> {
      StoryCluster c = clusters.clusterOf(entry.id());
      if (c == null) {
        return entry.id();
      }
      long min = entry.id();
      for (WindowEntry m : c.members()) {
        min = Math.min(min, m.id());
      }
      return min;
    };
  }

  /** Alert owners' subscriptions, through the reader cache (an unknown reader follows nothing). */
  static FolderLookup folders(UserCache users) {
    return new FolderLookup() {
      @Override
      public boolean follows(long userId, long feedId) {
        return subscription(userId, feedId) != null;
      }

      @Override
      public String folderOf(long userId, long feedId) {
        Subscription s = subscription(userId, feedId);
        return s == null ? null : s.folder();
      }

      private Subscription subscription(long userId, long feedId) {
        try {
          return users.get(userId).subscription(feedId);
        } catch (RpcException e) {
          if (e.status() == Status.NOT_FOUND) {
            return null;
          }
          throw e; // the store is away: the tailer retries the page
        } catch (RuntimeException e) {
          // The owner's context cannot be built (a bug, or data the ranker cannot use): their
          // alerts miss this entry, but a throw would stop the tailer on this page, retrying it
          // forever, and with it every reader's new entries and everyone's alerts.
          log.warn("alert owner {}: context not loaded, taken as not following", userId, e);
          return null;
        }
      }
    };
  }
}
