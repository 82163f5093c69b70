package com.inkzee.ranker.ops;

import com.inkzee.ops.Health;
import com.inkzee.ops.RpcHealth;
import com.inkzee.ops.ServiceOps;
import com.inkzee.ranker.feed.ChangeFeedTailer;
import com.inkzee.ranker.window.EntryWindow;
import com.inkzee.rpc.api.store.EntryMessages.WindowRequest;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.client.RpcClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the ranker shows its operators (docs/OPERATIONS.md): the "store" and "window" health checks,
 * the window's size and the change-feed lag, in sequence numbers and in seconds behind the store's
 * newest entry.
 */
public final class RankerOps {
  /** How far ahead of now the head probe asks for entries: none exist, only the head is read. */
  private static final Duration PROBE_AHEAD = Duration.ofDays(1);

  private RankerOps() {}

  /**
   * Registers the ranker's checks and metrics on {@code ops}; call once the window is loaded and
   * the tailer started.
   */
  public static void bind(
      ServiceOps ops,
      RpcClient<StoreService> store,
      EntryWindow window,
      ChangeFeedTailer tailer,
      Clock clock) {
    ops.health().register("store", RpcHealth.ping(store));
    ops.health()
        .register(
            "window",
            () ->
                tailer.isAlive()
                    ? Health.up(
                        window.size() + " entries loaded, change feed read to " + tailer.cursor())
                    : Health.down("the change-feed tailer stopped at " + tailer.cursor()));
    MeterRegistry registry = ops.registry();
    Gauge.builder("inkzee.ranker.window.entries", window, EntryWindow::size)
        .description("Entries in the ranker's in-memory window")
        .register(registry);
    Gauge.builder("inkzee.ranker.change.feed.cursor", tailer, ChangeFeedTailer::cursor)
        .description("Highest change-feed sequence the ranker has taken in")
        .register(registry);
    AtomicLong head = new AtomicLong(-1);
    ops.sampler()
        .gauge(
            "inkzee.ranker.change.feed.head",
            "The store's newest change-feed sequence, as last sampled",
            Tags.empty(),
            () -> {
              long h = headOf(store.stub(RpcHealth.PING_TIMEOUT), clock);
              head.set(h);
              return h;
            });
    Gauge.builder("inkzee.ranker.change.feed.lag", tailer, t -> lagEntries(head.get(), t))
        .description("Change-feed sequences the ranker is behind the store's newest (sampled head)")
        .baseUnit("entries")
        .register(registry);
    Gauge.builder("inkzee.ranker.change.feed.lag.seconds", tailer, t -> lagSeconds(head.get(), t))
        .description(
            "How long since the ranker last read everything the change feed had (0 when it is at the store's head)")
        .register(registry);
  }

  /** The store's head sequence, from a window probe that returns no entries. */
  static long headOf(StoreService store, Clock clock) {
    return store
        .entryWindow(new WindowRequest(clock.instant().plus(PROBE_AHEAD), null, 1, true))
        .headSequence();
  }

  static double lagEntries(long head, ChangeFeedTailer tailer) {
    return head < 0 ? Double.NaN : Math.max(0, head - tailer.cursor());
  }

  static double lagSeconds(long head, ChangeFeedTailer tailer) {
    if (head < 0) {
      return Double.NaN;
    }
    if (tailer.cursor() >= head) {
      return 0;
    }
    long behindNanos = System.nanoTime() - tailer.caughtUpNanos();
    return behindNanos / (double) TimeUnit.SECONDS.toNanos(1);
  }
}
