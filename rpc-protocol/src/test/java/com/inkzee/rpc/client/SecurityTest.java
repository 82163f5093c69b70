package com.inkzee.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.testing.TestService;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The shared-secret token and TLS between services. */
class SecurityTest {

  @Nested
  class AuthToken {
    @Test
    void theRightTokenIsAccepted() {
      try (RpcServer server =
              Loopback.server(
                  new EchoHandler("a"), Loopback.serverConfig().withAuthToken("s3cret"));
          RpcClient<TestService> client =
              Loopback.client(Loopback.clientConfig(server).withAuthToken("s3cret"))) {
        assertThat(client.stub().echo(EchoRequest.of("in")).text()).isEqualTo("in");
      }
    }

    @Test
    void aWrongTokenGetsUnauthenticatedAtOnceAndNothingElse() {
      EchoHandler handler = new EchoHandler("a");
      try (RpcServer server =
              Loopback.server(handler, Loopback.serverConfig().withAuthToken("s3cret"));
          RpcClient<TestService> client =
              Loopback.client(Loopback.clientConfig(server).withAuthToken("guess"))) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.stub().echo(EchoRequest.of("in")))
            .isInstanceOfSatisfying(
                RpcException.class,
                e -> {
                  assertThat(e.status()).isEqualTo(Status.UNAUTHENTICATED);
                  assertThat(e.detail()).contains("invalid auth token");
                });
        // Refused, not timed out after the 10 s default.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(handler.calls.get()).isZero();
      }
    }

    @Test
    void noTokenAtAllIsRefusedToo() {
      try (RpcServer server =
              Loopback.server(
                  new EchoHandler("a"), Loopback.serverConfig().withAuthToken("s3cret"));
          RpcClient<TestService> client = Loopback.client(Loopback.clientConfig(server))) {
        assertThatThrownBy(() -> client.stub().echo(EchoRequest.of("in")))
            .isInstanceOfSatisfying(
                RpcException.class, e -> assertThat(e.status()).isEqualTo(Status.UNAUTHENTICATED));
      }
    }
  }

  @Nested
  class Tls {
    @Test
    void callsSucceedOverTlsWithATrustedSelfSignedCertificate() throws Exception {
      SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
      try {
        SslContext serverSsl =
            SslContextBuilder.forServer(cert.certificate(), cert.privateKey()).build();
        SslContext clientSsl =
            SslContextBuilder.forClient().trustManager(cert.certificate()).build();
        try (RpcServer server =
                Loopback.server(new EchoHandler("a"), Loopback.serverConfig().withSsl(serverSsl));
            RpcClient<TestService> client =
                Loopback.client(
                    Loopback.clientConfig(List.of(new Endpoint("localhost", server.port())))
                        .withSsl(clientSsl))) {
          assertThat(client.stub().echo(EchoRequest.of("secret")).text()).isEqualTo("secret");
        }
      } finally {
        cert.delete();
      }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateNeverConnects() throws Exception {
      SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
      SelfSignedCertificate other = new SelfSignedCertificate("localhost");
      try {
        SslContext serverSsl =
            SslContextBuilder.forServer(cert.certificate(), cert.privateKey()).build();
        SslContext clientSsl =
            SslContextBuilder.forClient().trustManager(other.certificate()).build();
        EchoHandler handler = new EchoHandler("a");
        try (RpcServer server =
                Loopback.server(handler, Loopback.serverConfig().withSsl(serverSsl));
            RpcClient<TestService> client =
                RpcClient.connect(
                    TestCatalogue.get(),
                    TestService.class,
                    Loopback.clientConfig(List.of(new Endpoint("localhost", server.port())))
                        .withSsl(clientSsl)
                        .withCallTimeout(Duration.ofSeconds(1)))) {
          assertThat(client.readyConnections()).isZero();
          assertThatThrownBy(() -> client.stub().echo(EchoRequest.of("secret")))
              .isInstanceOfSatisfying(
                  RpcException.class,
                  e -> {
                    assertThat(e.status()).isEqualTo(Status.UNAVAILABLE);
                    assertThat(e.detail()).contains("connection to localhost:" + server.port());
                  });
          assertThat(handler.calls.get()).isZero();
        }
      } finally {
        cert.delete();
        other.delete();
      }
    }

    @Test
    void aPlainClientCannotTalkToATlsServer() throws Exception {
      SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
      try {
        SslContext serverSsl =
            SslContextBuilder.forServer(cert.certificate(), cert.privateKey()).build();
        EchoHandler handler = new EchoHandler("a");
        try (RpcServer server =
                Loopback.server(handler, Loopback.serverConfig().withSsl(serverSsl));
            RpcClient<TestService> client =
                RpcClient.connect(
                    TestCatalogue.get(),
                    TestService.class,
                    Loopback.clientConfig(server).withCallTimeout(Duration.ofSeconds(1)))) {
          assertThatThrownBy(() -> client.stub().echo(EchoRequest.of("x")))
              .isInstanceOf(RpcException.class);
          assertThat(handler.calls.get()).isZero();
        }
      } finally {
        cert.delete();
      }
    }
  }
}
