package com.inkzee.fetcher.fetch;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;

/**
 * Records what one request of a fetch resolved and connected to, so log lines and error messages
 * can name the address behind a URL ("https://feed.example/ at 203.0.113.9:443"). One instance per
 * call, added with {@link Call#addEventListener}; OkHttp calls it from the calling thread and, with
 * fast fallback, from connect threads, hence the volatile fields.
 */
final class HopEvents extends EventListener {
  private volatile List<InetAddress> resolved = List.of();
  private volatile InetSocketAddress peer;
  private volatile boolean responseHeadersReceived;

  @Override
  public void dnsEnd(Call call, String domainName, List<InetAddress> inetAddressList) {
    resolved = List.copyOf(inetAddressList);
  }

  @Override
  public void connectStart(Call call, InetSocketAddress inetSocketAddress, Proxy proxy) {
    peer = inetSocketAddress;
  }

  @Override
  public void connectionAcquired(Call call, Connection connection) {
    peer = connection.route().socketAddress();
  }

  @Override
  public void responseHeadersEnd(Call call, okhttp3.Response response) {
    responseHeadersReceived = true;
  }

  List<InetAddress> resolved() {
    return resolved;
  }

  /** The address last connected to, or null if no connection was attempted. */
  InetSocketAddress peer() {
    return peer;
  }

  boolean responseHeadersReceived() {
    return responseHeadersReceived;
  }

  String describePeer() {
    InetSocketAddress p = peer;
    return p == null || p.getAddress() == null
        ? ""
        : " at " + p.getAddress().getHostAddress() + ":" + p.getPort();
  }
}
