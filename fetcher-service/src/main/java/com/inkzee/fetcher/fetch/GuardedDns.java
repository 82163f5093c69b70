package com.inkzee.fetcher.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.Dns;

/**
 * Drops resolved addresses the {@link AddressPolicy} refuses, and fails the lookup when none is
 * left. This is the early check: it gives a clear error before any connection is tried, and keeps a
 * host with one public and one private address on its public one. It is not the one that makes the
 * fetcher safe (see {@link GuardedSocketFactory}): OkHttp skips {@link Dns} for IP-literal hosts,
 * and a check here is only as good as the answer OkHttp then connects to.
 */
final class GuardedDns implements Dns {
  private final Dns delegate;
  private final AddressPolicy policy;

  GuardedDns(Dns delegate, AddressPolicy policy) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    List<InetAddress> all = delegate.lookup(hostname);
    List<InetAddress> allowed = new ArrayList<>(all.size());
    for (InetAddress a : all) {
      if (policy.allows(a)) {
        allowed.add(a);
      }
    }
    if (allowed.isEmpty()) {
      if (all.isEmpty()) {
        throw new UnknownHostException(hostname + " has no address");
      }
      throw new AddressRefusedException(hostname, all.get(0), policy);
    }
    return allowed;
  }
}
