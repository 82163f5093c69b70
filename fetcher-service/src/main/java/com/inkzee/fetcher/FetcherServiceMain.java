package com.inkzee.fetcher;

import com.inkzee.fetcher.discover.FeedDiscoverer;
import com.inkzee.fetcher.discover.Page;
import com.inkzee.fetcher.fetch.FeedFetcher;
import com.inkzee.fetcher.fetch.FetchRequest;
import com.inkzee.fetcher.fetch.FetchResult;
import com.inkzee.fetcher.fetch.FetchSettings;
import com.inkzee.fetcher.ops.FetcherOps;
import com.inkzee.fetcher.parse.FeedParser;
import com.inkzee.fetcher.poll.EntryIngester;
import com.inkzee.fetcher.poll.FeedPoller;
import com.inkzee.fetcher.poll.PollLoop;
import com.inkzee.fetcher.poll.PollSettings;
import com.inkzee.fetcher.poll.WebSubHook;
import com.inkzee.fetcher.push.PushIngester;
import com.inkzee.fetcher.push.WebSubLink;
import com.inkzee.fetcher.rpc.FetcherRpcHandler;
import com.inkzee.fetcher.schedule.ErrorBackoff;
import com.inkzee.fetcher.schedule.HostBackoff;
import com.inkzee.fetcher.schedule.PollInterval;
import com.inkzee.fetcher.websub.SubscriptionTable;
import com.inkzee.fetcher.websub.WebSubCallbackServer;
import com.inkzee.fetcher.websub.WebSubConfig;
import com.inkzee.fetcher.websub.WebSubSubscriber;
import com.inkzee.ops.ServiceOps;
import com.inkzee.ops.ServiceRunner;
import com.inkzee.rpc.api.fetcher.FetcherService;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.config.RpcClientSettings;
import com.inkzee.rpc.config.RpcServerSettings;
import com.inkzee.rpc.config.XmlRpcSettings;
import com.inkzee.rpc.server.RpcServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Starts the fetcher service: the poll loop (leases due feeds from the store at {@code
 * INKZEE_STORE_ENDPOINTS}, fetches, parses, stores, reports), the WebSub callback server when
 * {@code INKZEE_WEBSUB_CALLBACK_URL} is set, and Inkzee RPC on {@code INKZEE_RPC_PORT} (default
 * 7102), with /healthz and /metrics on {@code INKZEE_ADMIN_PORT} (default 7302). Stops cleanly on
 * SIGTERM: calls drain, then running fetches finish and report.
 */
public final class FetcherServiceMain {
  public static final int DEFAULT_RPC_PORT = 7102;
  public static final int DEFAULT_XMLRPC_PORT = 7202;
  public static final int DEFAULT_ADMIN_PORT = 7302;
  public static final String DEFAULT_STORE_ENDPOINTS = "127.0.0.1:7101";

  private FetcherServiceMain() {}

  public static void main(String[] args) {
    ServiceRunner.run("fetcher", Env.system(), DEFAULT_ADMIN_PORT, FetcherServiceMain::start);
  }

  /** Builds and starts the service from its environment (tests; no admin server). */
  public static RpcServer start(Env env) {
    ServiceOps ops = ServiceOps.create("fetcher");
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
    RandomGenerator random = RandomGenerator.getDefault();
    var rpcConfig = RpcServerSettings.fromEnv(env, DEFAULT_RPC_PORT);
    FetchSettings fetchSettings = FetchSettings.fromEnv(env);
    PollSettings pollSettings = PollSettings.fromEnv(env);
    PollLoop.checkLease(pollSettings, FeedPoller.longestPoll(fetchSettings));
    PollInterval intervals = PollInterval.fromEnv(env, random);
    WebSubConfig websubConfig = WebSubConfig.fromEnv(env);
    List<Endpoint> storeEndpoints =
        Endpoint.parseList(env.string("INKZEE_STORE_ENDPOINTS", DEFAULT_STORE_ENDPOINTS));

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
      FeedFetcher fetcher = new FeedFetcher(fetchSettings);
      opened.add(fetcher);
      FeedParser parser = new FeedParser(clock);
      EntryIngester ingester = new EntryIngester(store);
      HostBackoff hosts = new HostBackoff(clock);

      WebSubHook websub = WebSubHook.OFF;
      if (websubConfig.enabled()) {
        SubscriptionTable table = new SubscriptionTable(websubConfig.maxSubscriptions(), clock);
        WebSubCallbackServer callbacks =
            new WebSubCallbackServer(websubConfig, table, new PushIngester(parser, ingester))
                .start();
        opened.add(callbacks);
        WebSubSubscriber subscriber = new WebSubSubscriber(fetcher.client(), table, websubConfig);
        subscriber.start();
        opened.add(subscriber);
        websub = new WebSubLink(subscriber, table);
      }

      FeedPoller poller =
          new FeedPoller(
              fetcher,
              parser,
              ingester,
              intervals,
              new ErrorBackoff(random),
              hosts,
              websub,
              pollSettings.owner(),
              clock);
      PollLoop loop =
          new PollLoop(
              store,
              poller,
              pollSettings,
              fetchSettings.maxConcurrentFetches(),
              fetchSettings.maxConnectionsPerHost(),
              hosts,
              clock);
      opened.add(loop);
      FeedDiscoverer discoverer = new FeedDiscoverer(url -> page(fetcher, url));
      // Ready while a connection to the store is up: the CLI's status must not call a fetcher
      // ready whose store does not answer. Read from the client's state, never a call of its own:
      // a ping must stay cheap and quick however the store is doing.
      FetcherRpcHandler handler =
          new FetcherRpcHandler(store, discoverer, clock)
              .readyWhen(() -> storeClient.readyConnections() > 0);
      // XML-RPC beside Inkzee RPC on INKZEE_XMLRPC_PORT (7202; -1 none), the same handler.
      var xmlRpc =
          XmlRpcSettings.start(
              env,
              DEFAULT_XMLRPC_PORT,
              rpcConfig,
              InkzeeCatalogue.get(),
              FetcherService.class,
              handler,
              ops.xmlRpcCalls());
      if (xmlRpc != null) {
        opened.add(xmlRpc);
      }
      RpcServer.Builder server =
          RpcServer.builder(InkzeeCatalogue.get(), rpcConfig)
              .service(FetcherService.class, handler)
              .alongside(xmlRpc)
              .observer(ops.serverCalls());
      FetcherOps.bind(ops, storeClient, loop);
      // Closed in reverse: the poll loop first (its fetches finish and report), the client last.
      opened.forEach(server::alsoClose);
      RpcServer started = server.start();
      loop.start();
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

  /** Discovery reads pages through the same guarded fetcher as feeds (SSRF rules included). */
  private static Page page(FeedFetcher fetcher, java.net.URI url) throws java.io.IOException {
    FetchResult r = fetcher.fetch(new FetchRequest(url, null, null, 0, false));
    return new Page(
        r.status(), r.finalUrl(), r.contentType(), r.body() == null ? new byte[0] : r.body());
  }
}
