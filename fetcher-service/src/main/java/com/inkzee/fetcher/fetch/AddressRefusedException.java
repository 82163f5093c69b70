package com.inkzee.fetcher.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Thrown inside OkHttp when the {@link AddressPolicy} refuses an address; {@link FeedFetcher} turns
 * it into a {@link FetchException} of kind {@code ADDRESS_NOT_ALLOWED} naming the URL. It extends
 * {@link UnknownHostException} because that is all {@link okhttp3.Dns#lookup} may throw from Java;
 * the socket guard throws it too so there is one type to look for.
 */
final class AddressRefusedException extends UnknownHostException {
  private static final long serialVersionUID = 1L;

  private final String address;

  AddressRefusedException(String host, InetAddress address, AddressPolicy policy) {
    super(
        (host == null ? "" : host + " at ")
            + address.getHostAddress()
            + " is not an allowed address (policy: "
            + policy
            + ")");
    this.address = address.getHostAddress();
  }

  String address() {
    return address;
  }
}
