package com.inkzee.fetcher.ops;

import com.inkzee.fetcher.poll.PollLoop;
import com.inkzee.ops.RpcHealth;
import com.inkzee.ops.ServiceOps;
import com.inkzee.rpc.api.store.FetchOutcome;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.client.RpcClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * What the fetcher shows its operators (docs/OPERATIONS.md): the "store" health check, fetches by
 * outcome, and the backlog of leased feeds in its hands.
 */
public final class FetcherOps {
  private FetcherOps() {}

  /** Registers the fetcher's health check and metrics on {@code ops}. */
  public static void bind(ServiceOps ops, RpcClient<StoreService> store, PollLoop loop) {
    ops.health().register("store", RpcHealth.ping(store));
    MeterRegistry registry = ops.registry();
    for (FetchOutcome outcome : FetchOutcome.values()) {
      FunctionCounter.builder("inkzee.fetcher.fetches", loop, l -> l.polled(outcome))
          .description("Feeds polled, by outcome (ok, not_modified, error, gone, redirected)")
          .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    FunctionCounter.builder("inkzee.fetcher.reports.lost", loop, PollLoop::reportsLost)
        .description("Fetch reports the store did not take (the lease expires, the poll repeats)")
        .register(registry);
    FunctionCounter.builder("inkzee.fetcher.polls.failed", loop, PollLoop::pollsFailed)
        .description("Polls that failed with an unexpected error (logged)")
        .register(registry);
    FunctionCounter.builder("inkzee.fetcher.dropped.feeds", loop, PollLoop::dropped)
        .description("Leased feeds given up because they could not start before the lease ended")
        .register(registry);
    Gauge.builder("inkzee.fetcher.backlog.feeds", loop, l -> l.backlog().running())
        .description("Leased feeds in this fetcher's hands, running or waiting in a host lane")
        .tag("state", "running")
        .register(registry);
    Gauge.builder("inkzee.fetcher.backlog.feeds", loop, l -> l.backlog().waiting())
        .description("Leased feeds in this fetcher's hands, running or waiting in a host lane")
        .tag("state", "waiting")
        .register(registry);
    Gauge.builder("inkzee.fetcher.backlog.hosts", loop, l -> l.backlog().hosts())
        .description("Hosts with a running or waiting fetch")
        .register(registry);
  }
}
