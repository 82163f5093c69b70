package com.inkzee.web.ops;

import com.inkzee.ops.LatencyBuckets;
import com.inkzee.web.auth.AccountEvents;
import com.inkzee.web.http.RequestObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The web reader's own series on {@code /metrics}: every HTTP request by method, route and status,
 * with latency histograms ({@code inkzee_web_requests_seconds}), and how sign-ins and sign-ups
 * ended ({@code inkzee_web_signins_total}, {@code inkzee_web_signups_total}).
 *
 * <p>Every label comes from a small fixed set, whatever clients send: the route is a path template
 * ({@code /api/entries/{id}}) or a page file, never the raw path ({@code "unmatched"} when no route
 * answered); a method outside the standard ones is {@code "OTHER"}; statuses are the few the server
 * sends. Otherwise one scanner could grow the registry without bound.
 */
public final class WebMetrics implements RequestObserver, AccountEvents {
  static final String REQUESTS = "inkzee.web.requests";
  static final String SIGN_INS = "inkzee.web.signins";
  static final String SIGN_UPS = "inkzee.web.signups";

  /** The route label of a request no route answered: unknown paths, refused requests. */
  public static final String UNMATCHED = "unmatched";

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private final MeterRegistry registry;

  public WebMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void requestEnded(String method, String route, int status, long nanos) {
    Timer.builder(REQUESTS)
        .description("HTTP requests answered, from the request read to the response written")
        .tag("method", METHODS.contains(method) ? method : "OTHER")
        .tag("route", route == null ? UNMATCHED : route)
        .tag("status", Integer.toString(status))
        .serviceLevelObjectives(LatencyBuckets.bounds())
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void signIn(String outcome) {
    Counter.builder(SIGN_INS)
        .description("Sign-ins by outcome: ok, rejected (wrong name or password), or the error")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  @Override
  public void signUp(String outcome) {
    Counter.builder(SIGN_UPS)
        .description("Sign-ups by outcome: ok, rejected (name taken), or the error")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }
}
