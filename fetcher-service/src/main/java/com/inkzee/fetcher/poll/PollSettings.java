package com.inkzee.fetcher.poll;

import com.inkzee.rpc.api.store.StoreLimits;
import com.inkzee.rpc.config.Env;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * How the poll loop leases and paces work.
 *
 * @param owner this fetcher's name in the store's leases (host and process by default)
 * @param leaseBatch feeds asked for per lease call
 * @param leaseDuration how long a lease lasts: long enough for a slow fetch plus its queueing (at
 *     least {@link #MIN_LEASE}, at most {@link #MAX_LEASE}; {@link PollLoop} checks it against the
 *     fetch timeout)
 * @param idlePause the wait before asking again when nothing was due
 */
public record PollSettings(
    String owner, int leaseBatch, Duration leaseDuration, Duration idlePause) {
  /** The shortest lease taken at all (60 s); the poll loop asks for more with its fetch timeout. */
  public static final Duration MIN_LEASE = Duration.ofSeconds(60);

  /**
   * The longest lease taken: the store's ceiling ({@link StoreLimits#MAX_LEASE_SECONDS}, 3600 s).
   * The store refuses a longer one on every call, so a fetcher configured above it would run,
   * healthy by its probes, and fetch nothing.
   */
  public static final Duration MAX_LEASE = Duration.ofSeconds(StoreLimits.MAX_LEASE_SECONDS);

  private static final String LEASE_VARIABLE = "INKZEE_FETCH_LEASE_SECONDS";

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
    if (leaseDuration.compareTo(MAX_LEASE) > 0) {
      throw new IllegalArgumentException(
          "leaseDuration " + leaseDuration + " is over the store's " + MAX_LEASE + " maximum");
    }
  }

  /**
   * {@code INKZEE_FETCHER_ID} (host@pid: unique per process, readable in the store's leases),
   * {@code INKZEE_FETCH_LEASE_BATCH} (100), {@code INKZEE_FETCH_LEASE_SECONDS} (300), {@code
   * INKZEE_FETCH_IDLE_SECONDS} (2). How many fetches run at once, in all and per host, is the fetch
   * settings' business.
   *
   * @throws IllegalArgumentException naming the variable, its value and the allowed range
   */
  public static PollSettings fromEnv(Env env) {
    return new PollSettings(
        env.string("INKZEE_FETCHER_ID", ManagementFactory.getRuntimeMXBean().getName()),
        env.integer("INKZEE_FETCH_LEASE_BATCH", 100, 1, 1000),
        leaseFromEnv(env),
        env.seconds("INKZEE_FETCH_IDLE_SECONDS", 2));
  }

  private static Duration leaseFromEnv(Env env) {
    // Read as a long: an int cast of 2^31 s or more turned negative on the wire.
    Duration lease = env.seconds(LEASE_VARIABLE, 300);
    if (lease.compareTo(MIN_LEASE) < 0 || lease.compareTo(MAX_LEASE) > 0) {
      throw new IllegalArgumentException(
          LEASE_VARIABLE
              + "="
              + lease.toSeconds()
              + " is outside "
              + MIN_LEASE.toSeconds()
              + ".."
              + MAX_LEASE.toSeconds()
              + " seconds (the store refuses leases longer than "
              + MAX_LEASE.toSeconds()
              + " s)");
    }
    return lease;
  }
}
