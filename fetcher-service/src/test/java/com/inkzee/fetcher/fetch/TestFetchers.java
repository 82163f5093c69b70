package com.inkzee.fetcher.fetch;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import okhttp3.Dns;

/** Fetchers for tests: loopback allowed, short timeouts, and a loopback-only connect tripwire. */
final class TestFetchers {
  private TestFetchers() {}

  /** Only 127.0.0.1 opened; 2 s connect, 5 s read, 5 s whole fetch. */
  static FetchSettings loopback() {
    return FetchSettings.defaults()
        .withAddressPolicy(AddressPolicy.allowing("127.0.0.1/32"))
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  static FeedFetcher fetcher(FetchSettings settings) {
    return fetcher(settings, Dns.SYSTEM);
  }

  /**
   * Whatever the policy says, no socket of these fetchers ever connects beyond loopback: a broken
   * guard fails the test with "test tripwire" instead of sending traffic to 10.x or the Internet.
   */
  static FeedFetcher fetcher(FetchSettings settings, Dns dns) {
    return new FeedFetcher(settings, dns, Clock.systemUTC(), InetAddress::isLoopbackAddress);
  }

  /** A Dns answering {@code address} for every name. */
  static Dns always(InetAddress address) {
    return hostname -> List.of(address);
  }
}
