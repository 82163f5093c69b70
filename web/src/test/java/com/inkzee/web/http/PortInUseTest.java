package com.inkzee.web.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A port in use is a clear start-up error naming it, not a raw BindException. */
class PortInUseTest {
  @Test
  void aPortInUseIsAnIllegalStateNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(
              () ->
                  WebServer.start(
                      "127.0.0.1",
                      taken.getLocalPort(),
                      request -> null,
                      new ServerLimits(2, 1024, 8, Duration.ofSeconds(5)),
                      false,
                      (method, route, status, nanos) -> {}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
    }
  }
}
