package com.inkzee.store.ops;

import com.inkzee.ops.Health;
import com.inkzee.ops.ServiceOps;
import com.inkzee.rpc.api.store.EntryMessages.IngestResponse;
import com.inkzee.rpc.runtime.CallObserver;
import com.inkzee.store.db.Database;
import com.inkzee.store.leases.QueueDepth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;

/**
 * What the store shows its operators (docs/OPERATIONS.md): the "database" health check, the
 * connection pool's use, the fetch queue's depth and the rows ingested.
 */
public final class StoreOps {
  /** How long the health check waits for the database: under the check timeout of /healthz. */
  static final Duration DATABASE_PING_TIMEOUT = Duration.ofSeconds(2);

  private StoreOps() {}

  /** Registers the store's health check, pool metrics and queue-depth gauges on {@code ops}. */
  public static void bind(ServiceOps ops, Database db, Clock clock) {
    db.bindMetrics(ops.registry());
    ops.health()
        .register(
            "database",
            () -> {
              db.ping(DATABASE_PING_TIMEOUT);
              return Health.up(db.dialect().name().toLowerCase(java.util.Locale.ROOT) + " answers");
            });
    QueueDepth queue = new QueueDepth(db, clock);
    String name = "inkzee.store.queue.feeds";
    String description = "Feeds in the fetch queue: due and waiting for a fetcher, or leased";
    ops.sampler().gauge(name, description, Tags.of("state", "due"), queue::due);
    ops.sampler().gauge(name, description, Tags.of("state", "leased"), queue::leased);
  }

  /**
   * Counts the entries each {@code ingestEntries} call stored, by result: {@code
   * inkzee_store_ingested_rows_total{result="inserted|updated|unchanged|tombstoned"}}. Register on
   * the RPC server with {@code observer(...)}.
   */
  public static CallObserver ingestedRows(MeterRegistry registry) {
    Counter inserted = rows(registry, "inserted");
    Counter updated = rows(registry, "updated");
    Counter unchanged = rows(registry, "unchanged");
    Counter tombstoned = rows(registry, "tombstoned");
    return call -> {
      if (call.response() instanceof IngestResponse r) {
        inserted.increment(r.inserted());
        updated.increment(r.updated());
        unchanged.increment(r.unchanged());
        tombstoned.increment(r.tombstoned());
      }
    };
  }

  private static Counter rows(MeterRegistry registry, String result) {
    return Counter.builder("inkzee.store.ingested.rows")
        .description("Entries in ingest batches, by what the store did with them")
        .tag("result", result)
        .register(registry);
  }
}
