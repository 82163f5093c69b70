package com.inkzee.web.testing;

import com.inkzee.fetcher.FetcherServiceMain;
import com.inkzee.ranker.RankerServiceMain;
import com.inkzee.ranker.testing.SiteServer;
import com.inkzee.rpc.api.fetcher.FetcherService;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.client.ClientConfig;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.store.testing.EmbeddedStore;
import com.inkzee.web.WebMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole backend as production wires it, in this JVM, each part started by its own main on a
 * free loopback port: a store on the embedded database, a fetcher allowed to fetch loopback (and
 * polling every second when idle), a ranker tailing the store and calling the fetcher, the web
 * reader calling the ranker; plus a loopback site serving the feeds a test writes.
 */
public final class WebStack implements AutoCloseable {
  public final SiteServer site;
  public final EmbeddedStore store;
  public final RpcServer fetcher;
  public final RpcServer ranker;
  public final WebMain.Running web;
  private final RpcClient<FetcherService> fetcherClient;

  public WebStack(Path dir) throws Exception {
    this(dir, 0);
  }

  /** The stack with its ranker on {@code rankerPort} (0: a free one), which a test chose first. */
  public WebStack(Path dir, int rankerPort) throws Exception {
    site = new SiteServer();
    store = new EmbeddedStore(dir.resolve("store"));
    fetcher =
        FetcherServiceMain.start(
            new Env(
                Map.of(
                    "INKZEE_RPC_PORT", "0",
                    "INKZEE_STORE_ENDPOINTS", "127.0.0.1:" + store.port(),
                    "INKZEE_FETCH_ALLOW_PRIVATE", "true",
                    "INKZEE_FETCH_IDLE_SECONDS", "1")));
    ranker =
        RankerServiceMain.start(
            new Env(
                Map.of(
                    "INKZEE_RPC_PORT",
                    Integer.toString(rankerPort),
                    "INKZEE_STORE_ENDPOINTS",
                    "127.0.0.1:" + store.port(),
                    "INKZEE_FETCHER_ENDPOINTS",
                    "127.0.0.1:" + fetcher.port(),
                    "INKZEE_DATA_DIR",
                    dir.resolve("ranker").toString(),
                    "INKZEE_RANKER_TAIL_IDLE_MILLIS",
                    "50")));
    web = startWeb(Map.of());
    fetcherClient =
        RpcClient.connect(
            InkzeeCatalogue.get(),
            FetcherService.class,
            ClientConfig.defaults(new Endpoint("127.0.0.1", fetcher.port())));
  }

  /** Another web reader on a free port against this stack's ranker, with more variables. */
  public WebMain.Running startWeb(Map<String, String> moreEnv) {
    Map<String, String> env = new HashMap<>();
    env.put("INKZEE_HTTP_PORT", "0");
    env.put("INKZEE_RANKER_ENDPOINTS", "127.0.0.1:" + ranker.port());
    env.put("INKZEE_SHUTDOWN_GRACE_SECONDS", "2");
    env.putAll(moreEnv);
    WebMain.Running w = WebMain.start(new Env(env));
    if (!w.ranker().awaitReady(Duration.ofSeconds(10))) {
      w.close();
      throw new IllegalStateException("web reader did not reach the ranker within 10 s");
    }
    return w;
  }

  /** {@code http://127.0.0.1:<web port>}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + web.port();
  }

  /** The fetcher's own RPC (what an operator's refresh uses), to fetch a feed again now. */
  public FetcherService fetcherRpc() {
    return fetcherClient.stub();
  }

  @Override
  public void close() {
    fetcherClient.close();
    web.close();
    ranker.shutdown(Duration.ofSeconds(2));
    fetcher.shutdown(Duration.ofSeconds(2));
    store.close();
    site.close();
  }
}
