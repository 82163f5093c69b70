package com.inkzee.fetcher.poll;

import com.inkzee.rpc.config.Env;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * How the poll loop leases and paces work.
 *
 * @param owner this fetcher's name in the store's leases (host and process by default)
 * @param leaseBatch feeds asked for per lease call
 * @param leaseDuration how long a lease lasts: long enough for a slow fetch plus its queueing (at
 *     least {@link #MIN_LEASE}; {@link PollLoop} checks it against the fetch timeout)
 * @param idlePause the wait before asking again when nothing was due
 */
public record PollSettings(
    String owner, int leaseBatch, Duration leaseDuration, Duration idlePause) {
  /** The shortest lease taken at all (60 s); the poll loop asks for more with its fetch timeout. */
  public static final Duration MIN_LEASE = Duration.ofSeconds(60);

  public PollSettings {
    if (owner == null || owner.isBlank()) {
      throw new IllegalArgumentException("owner is empty");
    }
    if (leaseBatch < 1) {
      throw new IllegalArgumentException("leaseBatch must be >= 1: " + leaseBatch);
    }
    if (leaseDuration.compareTo(MIN_LEASE) < 0) {
      throw new IllegalArgumentException(
          "leaseDuration " + leaseDuration + " is under the " + MIN_LEASE + " minimum");
    }
  }

  /**
   * {@code INKZEE_FETCHER_ID} (host@pid: unique per process, readable in the store's leases),
   * {@code INKZEE_FETCH_LEASE_BATCH} (100), {@code INKZEE_FETCH_LEASE_SECONDS} (300), {@code
   * INKZEE_FETCH_IDLE_SECONDS} (2). How many fetches run at once, in all and per host, is the fetch
   * settings' business.
   */
  public static PollSettings fromEnv(Env env) {
    return new PollSettings(
        env.string("INKZEE_FETCHER_ID", ManagementFactory.getRuntimeMXBean().getName()),
        env.integer("INKZEE_FETCH_LEASE_BATCH", 100, 1, 1000),
        env.seconds("INKZEE_FETCH_LEASE_SECONDS", 300),
        env.seconds("INKZEE_FETCH_IDLE_SECONDS", 2));
  }
}
