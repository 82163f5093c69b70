package com.inkzee.fetcher.fetch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * A network interceptor that checks the address of the connection each request is about to be
 * written to, fresh or pooled. {@link GuardedSocketFactory} already refused bad addresses at
 * connect; this second check costs nothing and keeps the guarantee if a future OkHttp reused a
 * connection in a way the socket guard did not see (HTTP/2 coalescing, a pool shared with another
 * client).
 */
final class AddressCheckInterceptor implements Interceptor {
  private final AddressPolicy policy;

  AddressCheckInterceptor(AddressPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Connection connection = chain.connection();
    if (connection != null) {
      InetSocketAddress peer = connection.route().socketAddress();
      InetAddress address =
          peer.isUnresolved() ? connection.socket().getInetAddress() : peer.getAddress();
      if (address == null || !policy.allows(address)) {
        throw new AddressRefusedException(
            chain.request().url().host(),
            address == null ? InetAddress.getByAddress(new byte[4]) : address,
            policy);
      }
    }
    return chain.proceed(chain.request());
  }
}
