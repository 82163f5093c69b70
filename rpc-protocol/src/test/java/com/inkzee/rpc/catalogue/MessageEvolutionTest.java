package com.inkzee.rpc.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.rpc.catalogue.EvolvingCatalogues.V10;
import com.inkzee.rpc.catalogue.EvolvingCatalogues.V11;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.server.ServerConfig;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.wire.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Peers of catalogue 1.0 and 1.1 talk to each other in both directions: the promise of the
 * evolution rules, checked on bytes and over real sockets.
 */
class MessageEvolutionTest {
  private static final Catalogue OLD = V10.catalogue();
  private static final Catalogue NEW = V11.catalogue();
  private static final Instant AT = Instant.parse("2024-03-01T12:34:56.789012Z");

  private final MessageCodec oldCodec = new MessageCodec(OLD, WireFormat.DEFAULT_MAX_FRAME_BYTES);
  private final MessageCodec newCodec = new MessageCodec(NEW, WireFormat.DEFAULT_MAX_FRAME_BYTES);

  private static V11.Ping fullNewPing(String echo) {
    return new V11.Ping(
        1_700_000_000_000L, List.of("a", "b"), new V11.Nested("note", AT), 0.5, 0.25f, echo);
  }

  @Nested
  class BytesBetweenVersions {
    @Test
    void newReaderGivesFieldsTheOldWriterLackedTheirAbsentDefaults() {
      byte[] old = oldCodec.encodeToBytes(new V10.Ping("hi"));

      V11.Ping read = newCodec.decode(old, 0, old.length, V11.Ping.class);

      assertThat(read).isEqualTo(new V11.Ping(0L, List.of(), null, 0.0, 0.0f, "hi"));
    }

    @Test
    void oldReaderSkipsEveryKindOfFieldItDoesNotKnow() {
      byte[] bytes = newCodec.encodeToBytes(fullNewPing("hi"));

      V10.Ping read = oldCodec.decode(bytes, 0, bytes.length, V10.Ping.class);

      assertThat(read).isEqualTo(new V10.Ping("hi"));
    }

    @Test
    void unknownFieldsAreDroppedNotCarriedThroughAReencode() {
      // A 1.0 process that reads and forwards a 1.1 message loses the new fields: relays must not
      // be older than the peers behind them.
      byte[] bytes = newCodec.encodeToBytes(fullNewPing("hi"));
      V10.Ping read = oldCodec.decode(bytes, 0, bytes.length, V10.Ping.class);

      assertThat(oldCodec.encodeToBytes(read))
          .isEqualTo(oldCodec.encodeToBytes(new V10.Ping("hi")));
    }

    @Test
    void anOldEnumConstantReadsTheSameInTheNewVersion() {
      byte[] old =
          oldCodec.encodeToBytes(
              new V10.Palette(V10.Colour.RED, List.of(V10.Colour.RED, V10.Colour.RED)));

      V11.Palette read = newCodec.decode(old, 0, old.length, V11.Palette.class);

      assertThat(read)
          .isEqualTo(new V11.Palette(V11.Colour.RED, List.of(V11.Colour.RED, V11.Colour.RED)));
    }

    @Test
    void aNewEnumConstantReadsAsAbsentInAFieldAndIsDroppedFromAList() {
      byte[] bytes =
          newCodec.encodeToBytes(
              new V11.Palette(
                  V11.Colour.BLUE, List.of(V11.Colour.RED, V11.Colour.BLUE, V11.Colour.RED)));

      V10.Palette read = oldCodec.decode(bytes, 0, bytes.length, V10.Palette.class);

      assertThat(read).isEqualTo(new V10.Palette(null, List.of(V10.Colour.RED, V10.Colour.RED)));
    }
  }

  @Nested
  class TheCheckerAgrees {
    @Test
    void version11IsACompatibleSuccessorOf10() {
      SchemaModel old = SchemaModel.parse(OLD.schema());
      SchemaModel next = SchemaModel.parse(NEW.schema());

      assertThat(CompatibilityChecker.breakingChanges(old, next)).isEmpty();
      assertThat(CompatibilityChecker.changed(old, next)).isTrue();
    }

    @Test
    void goingBackFrom11To10WouldBreak() {
      // Proves the two versions really differ in what the checker guards.
      assertThat(
              CompatibilityChecker.breakingChanges(
                  SchemaModel.parse(NEW.schema()), SchemaModel.parse(OLD.schema())))
          .contains(
              "field 2 (sentAt) of Ping was removed without retiring its number",
              "method evolving.stamp (id 1) was removed",
              "enum Colour lost constant BLUE");
    }
  }

  @Nested
  class OverSockets {
    @Test
    void anOldClientWorksAgainstANewServer() {
      AtomicReference<V11.Ping> seen = new AtomicReference<>();
      V11.Service handler =
          new V11.Service() {
            @Override
            public V11.Ping echo(V11.Ping request) {
              seen.set(request);
              return fullNewPing(request.echo());
            }

            @Override
            public V11.Ping stamp(V11.Ping request) {
              return request;
            }
          };
      try (RpcServer server = newServer(handler);
          RpcClient<V10.Service> client = oldClient(server)) {

        V10.Ping answer = client.stub().echo(new V10.Ping("from 1.0"));

        assertThat(answer).isEqualTo(new V10.Ping("from 1.0"));
        assertThat(seen.get()).isEqualTo(new V11.Ping(0L, List.of(), null, 0.0, 0.0f, "from 1.0"));
      }
    }

    @Test
    void aNewClientWorksAgainstAnOldServerForTheMethodsTheServerHas() {
      try (RpcServer server = oldServer();
          RpcClient<V11.Service> client = newClient(server)) {

        V11.Ping answer = client.stub().echo(fullNewPing("from 1.1"));

        assertThat(answer).isEqualTo(new V11.Ping(0L, List.of(), null, 0.0, 0.0f, "from 1.1"));
      }
    }

    @Test
    void aNewMethodCalledOnAnOldServerIsUnimplementedAndTheConnectionStaysUsable() {
      try (RpcServer server = oldServer();
          RpcClient<V11.Service> client = newClient(server)) {

        assertThatThrownBy(() -> client.stub().stamp(fullNewPing("x")))
            .isInstanceOfSatisfying(
                RpcException.class,
                e -> {
                  assertThat(e.status()).isEqualTo(Status.UNIMPLEMENTED);
                  assertThat(e.detail()).contains("has no method 1");
                });
        assertThat(client.stub().echo(fullNewPing("still fine")).echo()).isEqualTo("still fine");
      }
    }

    private RpcServer newServer(V11.Service handler) {
      return RpcServer.builder(NEW, ServerConfig.defaults(0))
          .service(V11.Service.class, handler)
          .start();
    }

    private RpcServer oldServer() {
      return RpcServer.builder(OLD, ServerConfig.defaults(0))
          .service(V10.Service.class, request -> new V10.Ping(request.echo()))
          .start();
    }

    private RpcClient<V10.Service> oldClient(RpcServer server) {
      return ready(RpcClient.connect(OLD, V10.Service.class, Loopback.clientConfig(server)));
    }

    private RpcClient<V11.Service> newClient(RpcServer server) {
      return ready(RpcClient.connect(NEW, V11.Service.class, Loopback.clientConfig(server)));
    }

    private <S> RpcClient<S> ready(RpcClient<S> client) {
      assertThat(client.awaitReady(Duration.ofSeconds(5))).as("handshake across versions").isTrue();
      return client;
    }
  }
}
