package com.inkzee.rpc.testing;

import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.catalogue.Catalogue;

/** The production messages plus the test service. */
public final class TestCatalogue {
  private static final Catalogue CATALOGUE =
      Catalogue.builder(1, 0)
          .message(100, PingRequest.class)
          .message(101, PingResponse.class)
          .message(900, EchoRequest.class)
          .message(901, EchoResponse.class)
          .service(TestService.class)
          .build();

  private TestCatalogue() {}

  public static Catalogue get() {
    return CATALOGUE;
  }
}
