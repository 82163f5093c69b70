package com.inkzee.web;

import com.inkzee.ops.MainServer;
import com.inkzee.ops.RpcHealth;
import com.inkzee.ops.ServiceOps;
import com.inkzee.ops.ServiceRunner;
import com.inkzee.passwords.PasswordHasher;
import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.config.RpcClientSettings;
import com.inkzee.web.api.WebApp;
import com.inkzee.web.auth.Accounts;
import com.inkzee.web.auth.CsrfGuard;
import com.inkzee.web.auth.SessionCookie;
import com.inkzee.web.http.WebServer;
import com.inkzee.web.ops.WebMetrics;
import com.inkzee.web.ranker.RankerGateway;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the web reader: the page and its JSON API on {@code INKZEE_BIND}:{@code INKZEE_HTTP_PORT}
 * (127.0.0.1:8080), talking to the ranker at {@code INKZEE_RANKER_ENDPOINTS} over Inkzee RPC and to
 * nothing else, with /healthz (ready when the ranker answers a ping), /livez and /metrics on {@code
 * INKZEE_ADMIN_PORT} (7304), through {@link ServiceRunner} like every service. It holds no state of
 * its own (accounts and sessions live in the store, through the ranker), so any number of instances
 * can serve the same readers. SIGTERM turns /healthz to "draining", stops accepting, lets requests
 * in hand finish, then exits.
 */
public final class WebMain {
  private static final Logger log = LoggerFactory.getLogger(WebMain.class);

  public static final int DEFAULT_ADMIN_PORT = 7304;

  private WebMain() {}

  public static void main(String[] args) {
    ServiceRunner.runServer("web", Env.system(), DEFAULT_ADMIN_PORT, WebMain::start);
  }

  /** A running web reader; {@link #stop} drains it. */
  public record Running(WebConfig config, WebServer server, RankerGateway ranker, ServiceOps ops)
      implements MainServer, AutoCloseable {
    @Override
    public int port() {
      return server.port();
    }

    /** "web ready on port N: open http://…/", the line scripts and tests look for. */
    @Override
    public String readyNote() {
      return ": open http://" + config.bind() + ":" + port() + "/";
    }

    /** Stops accepting, finishes requests within the grace, closes the ranker client. */
    @Override
    public boolean shutdown(Duration grace) {
      try {
        return server.stop(grace);
      } finally {
        ranker.close();
      }
    }

    /** {@link #shutdown} with the configured grace ({@code INKZEE_SHUTDOWN_GRACE_SECONDS}). */
    public boolean stop() {
      return shutdown(config.shutdownGrace());
    }

    /** Stops it and the operations state it was given (tests that start it in their own JVM). */
    @Override
    public void close() {
      try {
        stop();
      } finally {
        ops.close();
      }
    }

    @Override
    public String toString() {
      return "HTTP server on port " + port();
    }
  }

  /**
   * Builds and starts the web reader from its environment, in this JVM with its own operations
   * state and no admin server (tests); {@link Running#close} releases both.
   */
  public static Running start(Env env) {
    ServiceOps ops = ServiceOps.create("web");
    try {
      return start(env, ops);
    } catch (RuntimeException e) {
      ops.close();
      throw e;
    }
  }

  /**
   * Builds and starts the web reader, registering on {@code ops} its ranker check, the ranker
   * client's call timers and its own request and sign-in metrics.
   */
  public static Running start(Env env, ServiceOps ops) {
    WebConfig config = WebConfig.fromEnv(env);
    RankerGateway ranker =
        new RankerGateway(config.rankerEndpoints(), config.authToken(), RpcClientSettings.tls(env));
    try {
      ops.observe(ranker.client());
      ops.health().register("ranker", RpcHealth.ping(ranker.client()));
      WebMetrics metrics = new WebMetrics(ops.registry());
      Clock clock = Clock.systemUTC();
      Accounts accounts =
          new Accounts(ranker, new PasswordHasher(), config.sessionLifetime(), clock);
      SessionCookie cookie = new SessionCookie(config.secureCookies());
      CsrfGuard csrf = new CsrfGuard(config.publicOrigin(), config.secureCookies());
      WebApp app = new WebApp(ranker, accounts, cookie, csrf, clock, metrics);
      WebServer server =
          WebServer.start(
              config.bind(),
              config.httpPort(),
              app,
              config.limits(),
              config.secureCookies(),
              metrics);
      if (!ranker.awaitReady(Duration.ofSeconds(2))) {
        log.warn(
            "the ranker at {} does not answer yet; the page answers 503 and /healthz is down"
                + " until it does",
            config.rankerEndpoints());
      }
      return new Running(config, server, ranker, ops);
    } catch (RuntimeException e) {
      ranker.close();
      throw e;
    }
  }
}
