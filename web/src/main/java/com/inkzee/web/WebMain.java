package com.inkzee.web;

import com.inkzee.rpc.config.Env;
import com.inkzee.web.api.WebApp;
import com.inkzee.web.auth.Accounts;
import com.inkzee.web.auth.CsrfGuard;
import com.inkzee.web.auth.PasswordHasher;
import com.inkzee.web.auth.SessionCookie;
import com.inkzee.web.http.WebServer;
import com.inkzee.web.ranker.RankerGateway;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the web reader: the page and its JSON API on {@code INKZEE_BIND}:{@code INKZEE_HTTP_PORT}
 * (127.0.0.1:8080), talking to the ranker at {@code INKZEE_RANKER_ENDPOINTS} over Inkzee RPC and to
 * nothing else. It holds no state of its own (accounts and sessions live in the store, through the
 * ranker), so any number of instances can serve the same readers. SIGTERM stops accepting, lets
 * requests in hand finish, then exits.
 */
public final class WebMain {
  private static final Logger log = LoggerFactory.getLogger(WebMain.class);

  private WebMain() {}

  public static void main(String[] args) {
    Env env = Env.system();
    Running web;
    try {
      web = start(env);
    } catch (IllegalArgumentException | IllegalStateException e) {
      log.error("web cannot start: {}", e.getMessage());
      System.exit(2);
      return;
    }
    env.effective().forEach((k, v) -> log.info("config {}={}", k, v));
    // "<service> ready on port N", as every service says it (scripts and tests look for it).
    log.info(
        "web ready on port {}: open http://{}:{}/", web.port(), web.config().bind(), web.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info(
                      "web stopping: finishing requests (grace {})", web.config().shutdownGrace());
                  boolean clean = web.stop();
                  log.info("web stopped{}", clean ? "" : " (some requests were cut off)");
                  stopped.countDown();
                },
                "web-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A running web reader; {@link #stop} drains it. */
  public record Running(WebConfig config, WebServer server, RankerGateway ranker)
      implements AutoCloseable {
    public int port() {
      return server.port();
    }

    /** Stops accepting, finishes requests within the grace, closes the ranker client. */
    public boolean stop() {
      try {
        return server.stop(config.shutdownGrace());
      } finally {
        ranker.close();
      }
    }

    @Override
    public void close() {
      stop();
    }
  }

  /** Builds and starts the web reader from its environment (also used by tests). */
  public static Running start(Env env) {
    WebConfig config = WebConfig.fromEnv(env);
    RankerGateway ranker = new RankerGateway(config.rankerEndpoints(), config.authToken());
    try {
      Clock clock = Clock.systemUTC();
      Accounts accounts =
          new Accounts(ranker, new PasswordHasher(), config.sessionLifetime(), clock);
      SessionCookie cookie = new SessionCookie(config.secureCookies());
      CsrfGuard csrf = new CsrfGuard(config.publicOrigin(), config.secureCookies());
      WebApp app = new WebApp(ranker, accounts, cookie, csrf, clock);
      WebServer server =
          WebServer.start(
              config.bind(),
              config.httpPort(),
              app,
              config.handlerThreads(),
              config.maxBodyBytes(),
              config.secureCookies());
      if (!ranker.awaitReady(Duration.ofSeconds(2))) {
        log.warn(
            "the ranker at {} does not answer yet; the page answers 503 until it does",
            config.rankerEndpoints());
      }
      return new Running(config, server, ranker);
    } catch (RuntimeException e) {
      ranker.close();
      throw e;
    }
  }
}
