package com.inkzee.rpc.hostile;

import static com.inkzee.rpc.hostile.Memory.MIB;
import static com.inkzee.rpc.hostile.Memory.mib;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.inkzee.rpc.catalogue.MessageCodec;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.hostile.Payloads.LenField;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.server.ServerConfig;
import com.inkzee.rpc.service.MethodDescriptor;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.EchoResponse;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.testing.TestService;
import com.inkzee.rpc.wire.Frame;
import com.inkzee.rpc.wire.FrameType;
import com.inkzee.rpc.wire.FrameWriter;
import com.inkzee.rpc.wire.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Attacks on a live server over real sockets. After each one the attacking connection must be
 * closed (with a clear ERROR frame where the protocol has one), the server must still serve a
 * client that was connected all along and a new one, and it must not have logged an error it did
 * not expect.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileInputTest {
  private static final String TOKEN = "hostile-input-test-token";
  private static final String SERVICE = "test";
  private static final int PING = 0;
  private static final int ECHO = 1;
  private static final int MAX_FRAME = WireFormat.DEFAULT_MAX_FRAME_BYTES;

  /** Short, so attacks that stall are cut off quickly, yet far above a loaded CI's handshake. */
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(1);

  /** Every refused connection must be closed well within this. */
  private static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);

  /** Room for what the JVM itself allocates and keeps between two measurements (JIT, classes). */
  private static final long HEAP_SLACK = 16 * MIB;

  private static final MessageCodec CODEC = new MessageCodec(TestCatalogue.get(), MAX_FRAME);

  private static EchoHandler handler;
  private static RpcServer server;
  private static RpcClient<TestService> bystander;
  private static ServerLog log;

  @BeforeAll
  static void startServerWithABystander() {
    handler = new EchoHandler("hostile");
    server =
        Loopback.server(
            handler,
            Loopback.serverConfig()
                .withAuthToken(TOKEN)
                .withTimeouts(HANDSHAKE_TIMEOUT, Duration.ofSeconds(90), Duration.ofMinutes(10)));
    bystander = Loopback.client(Loopback.clientConfig(server).withAuthToken(TOKEN));
    log = ServerLog.capture();
  }

  @AfterAll
  static void stop() {
    log.close();
    bystander.close();
    server.close();
  }

  /** Echo calls the handler had served before the test: attacks must not add to them. */
  private int callsBefore;

  @BeforeEach
  void forgetEarlierLogLinesAndCalls() {
    log.clear();
    callsBefore = handler.calls.get();
  }

  private void assertNoCallReachedTheHandler() {
    assertThat(handler.calls.get() - callsBefore).as("calls that reached the handler").isZero();
  }

  @AfterEach
  void serverStillServesEveryoneElse() throws IOException {
    // The client that was connected during the attack still gets answers...
    assertThat(bystander.stub().echo(EchoRequest.of("still there")).text())
        .isEqualTo("still there");
    // ...and so does one that connects after it.
    try (RawConnection fresh = RawConnection.open(server.port()).handshake(SERVICE, TOKEN)) {
      fresh.send(echoRequest(1, "fresh"));
      assertThat(echoText(fresh.readFrame())).isEqualTo("fresh");
    }
    // Attackers' connections are gone from the server's books, not just from ours.
    await()
        .atMost(CLOSE_WITHIN)
        .untilAsserted(() -> assertThat(server.connectionCount()).isEqualTo(1));
    assertThat(log.unexpectedErrors()).as("errors the server did not expect").isEmpty();
  }

  private static byte[] echoRequest(int streamId, String text) {
    return RawConnection.requestBytes(streamId, ECHO, CODEC.encodeToBytes(EchoRequest.of(text)));
  }

  private static String echoText(Frame reply) {
    assertThat(reply).isInstanceOf(Frame.Response.class);
    return CODEC.decode(((Frame.Response) reply).payload(), EchoResponse.class).text();
  }

  /** The one ERROR frame a refused connection gets before the server closes it. */
  private static Frame.Error refusal(RawConnection attacker) throws IOException {
    List<Frame> frames = attacker.readUntilClosed(CLOSE_WITHIN);
    assertThat(frames).as("frames before close").hasSize(1).first().isInstanceOf(Frame.Error.class);
    Frame.Error error = (Frame.Error) frames.get(0);
    assertThat(error.streamId()).as("a connection-level error").isZero();
    assertNoStackTrace(error.message());
    return error;
  }

  private static void assertNoStackTrace(String message) {
    assertThat(message).doesNotContain("\tat ").doesNotContain("Exception").hasSizeLessThan(1025);
  }

  /** The length prefix and header of a frame, with nothing of its body. */
  private static byte[] header(int declaredLength, FrameType type, int streamId) {
    return ByteBuffer.allocate(10)
        .putInt(declaredLength)
        .put((byte) type.code())
        .put((byte) 0)
        .putInt(streamId)
        .array();
  }

  @Nested
  class Framing {
    @Test
    void closesConnectionsThatSendRandomBytes() throws IOException {
      long seed = 20261126L;
      Random random = new Random(seed);
      for (int attack = 0; attack < 40; attack++) {
        byte[] junk = new byte[1 + random.nextInt(4096)];
        random.nextBytes(junk);
        try (RawConnection attacker = RawConnection.open(server.port())) {
          attacker.sendUntilClosed(junk);
          // Junk is refused at once (a huge length, a bad magic) or, if it happens to read as an
          // incomplete frame, when the handshake times out.
          for (Frame f : attacker.readUntilClosed(HANDSHAKE_TIMEOUT.plus(CLOSE_WITHIN))) {
            assertThat(f).as("seed %d attack %d", seed, attack).isInstanceOf(Frame.Error.class);
            assertThat(((Frame.Error) f).status())
                .isIn(Status.INVALID_ARGUMENT, Status.RESOURCE_EXHAUSTED);
            assertNoStackTrace(((Frame.Error) f).message());
          }
        }
      }
    }

    @ParameterizedTest(name = "length 0x{0}, after handshake: {1}")
    @CsvSource({"7FFFFFFF, false", "80000000, false", "FFFFFFFF, false", "7FFFFFFF, true"})
    void rejectsFrameDeclaringTwoGibibytesWithoutAllocatingIt(String hexLength, boolean handshake)
        throws IOException {
      int declared = (int) Long.parseLong(hexLength, 16);
      long heapBefore = Memory.usedHeapAfterGc();
      try (RawConnection attacker = RawConnection.open(server.port())) {
        if (handshake) {
          attacker.handshake(SERVICE, TOKEN);
        }
        attacker.send(header(declared, FrameType.REQUEST, 1));
        attacker.sendUntilClosed(new byte[] {1, 2, 3, 4});

        Frame.Error error = refusal(attacker);
        assertThat(error.status()).isEqualTo(Status.RESOURCE_EXHAUSTED);
        assertThat(error.message()).isEqualTo("frame exceeds the " + MAX_FRAME + "-byte limit");
      }
      long grown = Memory.usedHeapAfterGc() - heapBefore;
      System.out.printf("declared 0x%s bytes: heap grew %s%n", hexLength, mib(grown));
      assertThat(grown).isLessThan(MAX_FRAME + HEAP_SLACK);
      assertThat(log.messages())
          .anySatisfy(m -> assertThat(m).contains("frame over the " + MAX_FRAME + "-byte limit"));
    }

    @Test
    void refusesAFullSizeFrameBeforeTheHandshakeInsteadOfBufferingIt() throws IOException {
      try (RawConnection attacker = RawConnection.open(server.port())) {
        // A length the server accepts once a HELLO is in, and a start of its body: with the full
        // limit from the first byte, the server would buffer 16 MiB until the handshake timeout.
        attacker.send(header(MAX_FRAME, FrameType.REQUEST, 1));
        attacker.sendUntilClosed(new byte[64 * 1024]);

        Frame.Error error = refusal(attacker);
        assertThat(error.status()).isEqualTo(Status.RESOURCE_EXHAUSTED);
        assertThat(error.message())
            .isEqualTo(
                "frame exceeds the "
                    + WireFormat.MAX_HANDSHAKE_FRAME_BYTES
                    + "-byte limit before the handshake");
      }
      assertNoCallReachedTheHandler();
      assertThat(log.messages())
          .anySatisfy(m -> assertThat(m).contains("frame of " + MAX_FRAME + " bytes before"));
    }

    @Test
    void liftsTheHandshakeLimitForARequestPipelinedBehindTheHello() throws IOException {
      byte[] blob = new byte[64 * 1024];
      Arrays.fill(blob, (byte) 7);
      byte[] request =
          RawConnection.requestBytes(
              1, ECHO, CODEC.encodeToBytes(new EchoRequest("big", 0, blob, List.of(), null)));
      byte[] hello = RawConnection.helloBytes(SERVICE, TOKEN);
      byte[] both = Arrays.copyOf(hello, hello.length + request.length);
      System.arraycopy(request, 0, both, hello.length, request.length);
      try (RawConnection client = RawConnection.open(server.port())) {
        client.send(both); // one write: the big frame is already buffered behind the HELLO
        assertThat(client.readFrame())
            .isInstanceOfSatisfying(Frame.Hello.class, h -> assertThat(h.ack()).isTrue());
        assertThat(echoText(client.readFrame())).isEqualTo("big");
      }
    }

    @Test
    void floodOfTwoGibibyteFramesCostsLessThanOneFrameOfMemory() throws Exception {
      int attackers = 16;
      long perAttackerBytes = 8 * MIB;
      long heapBefore = Memory.usedHeapAfterGc();
      long pooledBefore = Memory.nettyPooledBytes();
      ExecutorService pool = Executors.newFixedThreadPool(attackers);
      try {
        List<Future<Long>> sent = new ArrayList<>();
        for (int i = 0; i < attackers; i++) {
          sent.add(
              pool.submit(
                  () -> {
                    // Declare 2 GiB, then keep streaming until the server hangs up.
                    try (RawConnection attacker = RawConnection.open(server.port())) {
                      attacker.send(header(0x7FFFFFFF, FrameType.REQUEST, 1));
                      byte[] chunk = new byte[64 * 1024];
                      long total = 0;
                      while (total < perAttackerBytes && attacker.sendUntilClosed(chunk)) {
                        total += chunk.length;
                      }
                      attacker.readUntilClosed(CLOSE_WITHIN);
                      return total;
                    }
                  }));
        }
        long total = 0;
        for (Future<Long> f : sent) {
          total += f.get(30, TimeUnit.SECONDS);
        }
        System.out.printf(
            "flood: %d attackers pushed %s after their 2 GiB headers%n", attackers, mib(total));
      } finally {
        pool.shutdownNow();
      }
      long heapGrown = Memory.usedHeapAfterGc() - heapBefore;
      long pooledGrown = Memory.nettyPooledBytes() - pooledBefore;
      System.out.printf(
          "flood: heap grew %s, Netty pools grew %s%n", mib(heapGrown), mib(pooledGrown));
      assertThat(heapGrown).isLessThan(MAX_FRAME + HEAP_SLACK);
      assertThat(pooledGrown).isLessThan(MAX_FRAME);
    }

    @Test
    void forgetsAPeerThatSendsATruncatedFrameAndHangsUp() throws IOException {
      for (boolean handshake : new boolean[] {false, true}) {
        try (RawConnection attacker = RawConnection.open(server.port())) {
          if (handshake) {
            attacker.handshake(SERVICE, TOKEN);
          }
          byte[] hello = RawConnection.helloBytes(SERVICE, TOKEN);
          attacker.send(Arrays.copyOf(hello, hello.length / 2));
        }
        // Closing mid-frame must not leave the connection registered, waiting for the rest.
        await()
            .atMost(CLOSE_WITHIN)
            .untilAsserted(() -> assertThat(server.connectionCount()).isEqualTo(1));
      }
    }

    @Test
    void closesAPeerThatSendsATruncatedFrameAndStallsAtTheHandshakeTimeout() throws IOException {
      try (RawConnection attacker = RawConnection.open(server.port())) {
        byte[] hello = RawConnection.helloBytes(SERVICE, TOKEN);
        attacker.send(Arrays.copyOf(hello, hello.length - 1));
        long start = System.nanoTime();
        assertThat(attacker.readUntilClosed(CLOSE_WITHIN)).isEmpty();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isGreaterThan(HANDSHAKE_TIMEOUT.dividedBy(2));
      }
      assertThat(log.messages())
          .anySatisfy(m -> assertThat(m).contains("no valid HELLO within " + HANDSHAKE_TIMEOUT));
    }
  }

  /** A server that declares peers dead after one silent second, for stalls after the handshake. */
  @Nested
  class SilentPeers {
    private RpcServer impatient;

    @BeforeEach
    void startImpatientServer() {
      ServerConfig config =
          Loopback.serverConfig()
              .withTimeouts(HANDSHAKE_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(10));
      impatient = Loopback.server(new EchoHandler("impatient"), config);
    }

    @AfterEach
    void stopImpatientServer() throws IOException {
      try (RawConnection fresh = RawConnection.open(impatient.port()).handshake(SERVICE, "")) {
        fresh.send(echoRequest(1, "fresh"));
        assertThat(echoText(fresh.readFrame())).isEqualTo("fresh");
      }
      impatient.close();
    }

    @Test
    void closesAPeerThatStallsInsideAFrameAfterTheHandshake() throws IOException {
      try (RawConnection attacker = RawConnection.open(impatient.port()).handshake(SERVICE, "")) {
        byte[] request = echoRequest(1, "never finished");
        attacker.send(Arrays.copyOf(request, request.length - 3));
        long start = System.nanoTime();
        assertThat(attacker.readUntilClosed(CLOSE_WITHIN)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .isGreaterThan(Duration.ofMillis(500));
      }
      assertThat(log.messages()).anySatisfy(m -> assertThat(m).contains("silent for PT1S"));
    }
  }

  /**
   * A server of {@link HostileCatalogue}, whose messages have a field of every wire kind (nested
   * messages, enums, lists of both), which the test catalogue lacks.
   */
  @Nested
  class EveryFieldKind {
    private static final int TAKE = 1;
    private final MessageCodec hostileCodec = new MessageCodec(HostileCatalogue.get(), MAX_FRAME);
    private RpcServer mirror;
    private RawConnection attacker;

    @BeforeEach
    void startMirrorServer() throws IOException {
      mirror =
          RpcServer.builder(HostileCatalogue.get(), Loopback.serverConfig())
              .service(HostileCatalogue.HostileService.class, new HostileCatalogue.Mirror())
              .start();
      attacker = RawConnection.open(mirror.port()).handshake("hostile", "");
    }

    @AfterEach
    void mirrorStillAnswersOnTheSameConnection() throws IOException {
      try {
        HostileCatalogue.Everything sample =
            new HostileCatalogue.Everything(
                "t",
                new byte[] {1},
                List.of("w"),
                null,
                HostileCatalogue.Colour.RED,
                List.of(HostileCatalogue.Colour.GREEN),
                List.of(),
                7,
                0.5,
                null,
                1f,
                true,
                List.of(1L));
        attacker.send(RawConnection.requestBytes(9999, TAKE, hostileCodec.encodeToBytes(sample)));
        Frame reply = attacker.readFrame();
        assertThat(reply).isInstanceOf(Frame.Response.class);
        assertThat(
                hostileCodec
                    .decode(((Frame.Response) reply).payload(), HostileCatalogue.Everything.class)
                    .colours())
            .containsExactly(HostileCatalogue.Colour.GREEN);
      } finally {
        attacker.close();
        mirror.close();
      }
    }

    @Test
    void rejectsTwoGibibyteLengthInEveryLenFieldIncludingNestedMessagesAndEnums()
        throws IOException {
      List<LenField> fields = Payloads.lenFields(HostileCatalogue.get());
      ByteBuffer all = ByteBuffer.allocate(fields.size() * 64);
      for (int i = 0; i < fields.size(); i++) {
        LenField f = fields.get(i);
        int method = f.message().equals("PingRequest") ? PING : TAKE;
        all.put(
            RawConnection.requestBytes(
                i + 1, method, Payloads.declaringLength(f.typeId(), f.number(), 0x7FFFFFFF)));
      }
      attacker.send(Arrays.copyOf(all.array(), all.position()));
      Map<Integer, Frame.Error> replies = new HashMap<>();
      while (replies.size() < fields.size()) {
        Frame f = attacker.readFrame();
        assertThat(f).isInstanceOf(Frame.Error.class);
        replies.put(f.streamId(), (Frame.Error) f);
      }
      for (int i = 0; i < fields.size(); i++) {
        LenField f = fields.get(i);
        Frame.Error error = replies.get(i + 1);
        assertThat(error.status()).as("%s", f).isEqualTo(Status.INVALID_ARGUMENT);
        if (f.message().equals("Everything") || f.message().equals("PingRequest")) {
          assertThat(error.message())
              .as("%s", f)
              .endsWith(
                  "field "
                      + f.number()
                      + " ("
                      + f.name()
                      + ") of "
                      + f.message()
                      + " declares 2147483647 bytes but only 0 remain in the frame");
        } else {
          assertThat(error.message()).as("%s", f).contains("but the payload holds " + f.message());
        }
      }
    }

    @Test
    void unknownEnumConstantsInAListAreDroppedNotFatal() throws IOException {
      byte[] purple = "PURPLE".getBytes(StandardCharsets.US_ASCII);
      byte[] green = "GREEN".getBytes(StandardCharsets.US_ASCII);
      byte[] list =
          new Payloads.Builder()
              .varint(purple.length)
              .raw(purple)
              .varint(green.length)
              .raw(green)
              .bytes();
      byte[] payload = new Payloads.Builder().varint(950).lenField(6, list).bytes();
      attacker.send(RawConnection.requestBytes(1, TAKE, payload));
      Frame reply = attacker.readFrame();
      assertThat(reply).isInstanceOf(Frame.Response.class);
      assertThat(
              hostileCodec
                  .decode(((Frame.Response) reply).payload(), HostileCatalogue.Everything.class)
                  .colours())
          .containsExactly(HostileCatalogue.Colour.GREEN);
    }

    @Test
    void echoesTheMostNegativeTimestampOrRejectsItAsInvalid() throws IOException {
      // zig-zag(Long.MIN_VALUE) in field 10 (at): decodes to an Instant the encoder overflows on.
      byte[] payload =
          new Payloads.Builder()
              .varint(950)
              .tag(10, 0)
              .raw((byte) -1, (byte) -1, (byte) -1, (byte) -1, (byte) -1)
              .raw((byte) -1, (byte) -1, (byte) -1, (byte) -1, (byte) 1)
              .bytes();
      attacker.send(
          RawConnection.toBytes(
              FrameWriter.request(RawConnection.ALLOC, 1, TAKE, 3_000, payload, payload.length)));
      Frame reply = attacker.readFrame();
      if (reply instanceof Frame.Error e) {
        assertThat(e.status()).isEqualTo(Status.INVALID_ARGUMENT);
      } else {
        assertThat(reply).isInstanceOf(Frame.Response.class);
      }
      // and the outer @AfterEach checks that no unexpected error was logged
    }
  }

  @Nested
  class Handshake {
    private Frame.Error refusalOfHello(Frame.Hello hello) throws IOException {
      try (RawConnection attacker = RawConnection.open(server.port())) {
        attacker.send(RawConnection.toBytes(FrameWriter.hello(RawConnection.ALLOC, hello)));
        return refusal(attacker);
      }
    }

    private void assertLogged(Status status, String message) {
      assertThat(log.messages())
          .anySatisfy(
              m ->
                  assertThat(m)
                      .startsWith("refusing /127.0.0.1:")
                      .endsWith(status + " " + message));
    }

    @Test
    void refusesWrongTokenWithUnauthenticatedThenCloses() throws IOException {
      for (String wrong : List.of("", "hostile-input-test-tokeN", TOKEN + "x", "x".repeat(1024))) {
        Frame.Error error = refusalOfHello(RawConnection.hello(SERVICE, wrong, 1, 1));
        assertThat(error.status()).isEqualTo(Status.UNAUTHENTICATED);
        assertThat(error.message()).isEqualTo("invalid auth token");
      }
      assertLogged(Status.UNAUTHENTICATED, "invalid auth token");
    }

    @Test
    void peerSuppliedTextCannotForgeLogLines() throws IOException {
      String forged = "x\n05:00:00.000 ERROR [main] c.i.r.s.RpcServer - forged\r";
      Frame.Error error = refusalOfHello(RawConnection.hello(forged, TOKEN, 1, 1));
      assertThat(error.status()).isEqualTo(Status.NOT_FOUND);
      assertThat(log.messages()).noneMatch(m -> m.contains("\n") || m.contains("\r"));
    }

    @Test
    void refusesBadMagicThenCloses() throws IOException {
      byte[] hello = RawConnection.helloBytes(SERVICE, TOKEN);
      System.arraycopy("EVIL".getBytes(StandardCharsets.US_ASCII), 0, hello, 10, 4);
      try (RawConnection attacker = RawConnection.open(server.port())) {
        attacker.send(hello);
        Frame.Error error = refusal(attacker);
        assertThat(error.status()).isEqualTo(Status.INVALID_ARGUMENT);
        assertThat(error.message())
            .isEqualTo("malformed frame: bad magic 0x4556494C in HELLO, expected 0x494E4B5A");
      }
    }

    @Test
    void refusesAStrayHttpClientAtItsFirstBytes() throws IOException {
      try (RawConnection attacker = RawConnection.open(server.port())) {
        attacker.send(
            "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        // "GET " read as a length is about 1.1 GiB: refused before any magic is looked at.
        assertThat(refusal(attacker).status()).isEqualTo(Status.RESOURCE_EXHAUSTED);
      }
    }

    @ParameterizedTest(name = "client speaks {0}..{1}")
    @CsvSource({"2, 2", "0, 0", "2, 65535"})
    void refusesUnsupportedVersionWithFailedPrecondition(int min, int max) throws IOException {
      Frame.Error error = refusalOfHello(RawConnection.hello(SERVICE, TOKEN, min, max));
      assertThat(error.status()).isEqualTo(Status.FAILED_PRECONDITION);
      assertThat(error.message())
          .isEqualTo(
              "no common protocol version: client speaks "
                  + min
                  + ".."
                  + max
                  + ", server speaks 1");
      assertLogged(Status.FAILED_PRECONDITION, error.message());
    }

    @Test
    void refusesUnknownServiceWithNotFound() throws IOException {
      Frame.Error error = refusalOfHello(RawConnection.hello("store", TOKEN, 1, 1));
      assertThat(error.status()).isEqualTo(Status.NOT_FOUND);
      assertThat(error.message()).isEqualTo("no service 'store' here; this server serves [test]");
    }

    @Test
    void refusesAnythingButHelloAsTheFirstFrame() throws IOException {
      List<byte[]> firsts =
          List.of(
              echoRequest(1, "too early"),
              RawConnection.toBytes(FrameWriter.ping(RawConnection.ALLOC, 7)),
              RawConnection.toBytes(
                  FrameWriter.hello(
                      RawConnection.ALLOC,
                      new Frame.Hello(true, 1, 1, 0, 0, SERVICE, new byte[0], MAX_FRAME))));
      for (byte[] first : firsts) {
        try (RawConnection attacker = RawConnection.open(server.port())) {
          attacker.send(first);
          Frame.Error error = refusal(attacker);
          assertThat(error.status()).isEqualTo(Status.INVALID_ARGUMENT);
          assertThat(error.message()).startsWith("expected HELLO as the first frame, got ");
        }
      }
    }

    @Test
    void refusesTokenLongerThanTheWireAllows() throws IOException {
      byte[] hello = RawConnection.helloBytes(SERVICE, "");
      // Token length is the u16 after magic, versions, minor, fingerprint, service: patch it to
      // 1025 and append that many bytes, fixing up the frame length.
      int tokenLenAt = 4 + 6 + 4 + 2 + 2 + 2 + 8 + 1 + SERVICE.length();
      ByteBuffer crafted = ByteBuffer.allocate(hello.length + 1025);
      crafted
          .put(hello, 0, tokenLenAt)
          .putShort((short) 1025)
          .put(new byte[1025])
          .putInt(MAX_FRAME);
      crafted.putInt(0, crafted.position() - 4);
      try (RawConnection attacker = RawConnection.open(server.port())) {
        attacker.send(Arrays.copyOf(crafted.array(), crafted.position()));
        Frame.Error error = refusal(attacker);
        assertThat(error.status()).isEqualTo(Status.INVALID_ARGUMENT);
        assertThat(error.message()).contains("HELLO token of 1025 bytes exceeds 1024");
      }
    }

    @Test
    void ignoresRequestsPipelinedBehindARefusedHello() throws IOException {
      // A refused peer's next frames may already sit in the same read batch as its HELLO. They
      // must be dropped and released, not dispatched on a connection that has no service bound.
      byte[] badMagic = RawConnection.helloBytes(SERVICE, TOKEN);
      badMagic[10] = 'X';
      long pooledBefore = Memory.nettyPooledBytes();
      for (int i = 0; i < 24; i++) {
        byte[] hello = i % 2 == 0 ? RawConnection.helloBytes(SERVICE, "wrong") : badMagic;
        // Small requests arrive in the HELLO's own read; larger ones pin a larger buffer if leaked.
        byte[] blob = new byte[i % 3 == 0 ? 32 * 1024 : 16];
        byte[] request =
            RawConnection.requestBytes(
                1, ECHO, CODEC.encodeToBytes(new EchoRequest("x", 0, blob, List.of(), null)));
        byte[] both = Arrays.copyOf(hello, hello.length + request.length);
        System.arraycopy(request, 0, both, hello.length, request.length);
        try (RawConnection attacker = RawConnection.open(server.port())) {
          attacker.sendUntilClosed(both);
          assertThat(attacker.readUntilClosed(CLOSE_WITHIN)).hasSize(1);
        }
      }
      await()
          .atMost(CLOSE_WITHIN)
          .untilAsserted(() -> assertThat(server.connectionCount()).isEqualTo(1));
      long pooledGrown = Memory.nettyPooledBytes() - pooledBefore;
      System.out.printf(
          "24 refused peers with pipelined requests: pools grew %s%n", mib(pooledGrown));
      assertThat(pooledGrown).as("pooled memory never released").isLessThan(8 * MIB);
      assertNoCallReachedTheHandler();
      // The server's own check: nothing it did not expect (a NullPointerException) was logged.
      assertThat(log.unexpectedErrors()).isEmpty();
    }
  }

  @Nested
  class RequestPayloads {
    private RawConnection attacker;

    @BeforeEach
    void connect() throws IOException {
      attacker = RawConnection.open(server.port()).handshake(SERVICE, TOKEN);
    }

    @AfterEach
    void connectionIsStillUsable() throws IOException {
      // A bad payload costs one stream, never the connection.
      attacker.send(echoRequest(9999, "after the attack"));
      assertThat(echoText(attacker.readFrame())).isEqualTo("after the attack");
      attacker.close();
    }

    /** Sends every payload as a REQUEST on its own stream; returns the replies by stream. */
    private Map<Integer, Frame> callAll(List<byte[]> requests) throws IOException {
      ByteBuffer all = ByteBuffer.allocate(requests.stream().mapToInt(r -> r.length).sum());
      requests.forEach(all::put);
      attacker.send(all.array());
      Map<Integer, Frame> replies = new HashMap<>();
      while (replies.size() < requests.size()) {
        Frame f = attacker.readFrame();
        replies.put(f.streamId(), f);
      }
      return replies;
    }

    @Test
    void rejectsUnregisteredTypeIdsPerStreamAndKeepsTheConnection() throws IOException {
      int[] ids = {0, 1, 9, 99, 102, 899, 12345, Integer.MAX_VALUE, -1};
      List<byte[]> requests = new ArrayList<>();
      for (int i = 0; i < ids.length; i++) {
        byte[] payload = new Payloads.Builder().varint(ids[i]).lenField(1, new byte[16]).bytes();
        requests.add(RawConnection.requestBytes(i + 1, ECHO, payload));
      }
      Map<Integer, Frame> replies = callAll(requests);
      for (int i = 0; i < ids.length; i++) {
        Frame.Error error = (Frame.Error) replies.get(i + 1);
        assertThat(error.status()).isEqualTo(Status.INVALID_ARGUMENT);
        assertThat(error.message())
            .isEqualTo(
                "bad EchoRequest: type id " + ids[i] + " is not registered in catalogue 1.0");
      }
      assertNoCallReachedTheHandler();
    }

    @Test
    void rejectsTwoGibibyteLengthInEveryLenFieldOfEveryMessageType() throws IOException {
      long heapBefore = Memory.usedHeapAfterGc();
      Map<String, MethodDescriptor<?, ?>> methodsByRequest = new HashMap<>();
      for (MethodDescriptor<?, ?> m : TestCatalogue.get().service(TestService.class).methods()) {
        methodsByRequest.putIfAbsent(m.requestType().getSimpleName(), m);
      }
      List<LenField> fields = Payloads.lenFields(TestCatalogue.get());
      List<byte[]> requests = new ArrayList<>();
      for (int i = 0; i < fields.size(); i++) {
        LenField f = fields.get(i);
        // Sent to the method that takes this message where there is one, so the field itself is
        // decoded; other messages go to echo and must be refused by type first.
        MethodDescriptor<?, ?> m = methodsByRequest.get(f.message());
        int method = m == null ? ECHO : m.id();
        byte[] payload = Payloads.declaringLength(f.typeId(), f.number(), 0x7FFFFFFF);
        requests.add(RawConnection.requestBytes(i + 1, method, payload));
      }
      Map<Integer, Frame> replies = callAll(requests);

      for (int i = 0; i < fields.size(); i++) {
        LenField f = fields.get(i);
        assertThat(replies.get(i + 1)).as("%s", f).isInstanceOf(Frame.Error.class);
        Frame.Error error = (Frame.Error) replies.get(i + 1);
        assertThat(error.status()).as("%s", f).isEqualTo(Status.INVALID_ARGUMENT);
        assertNoStackTrace(error.message());
        if (methodsByRequest.containsKey(f.message())) {
          assertThat(error.message())
              .as("%s", f)
              .isEqualTo(
                  "bad "
                      + f.message()
                      + ": field "
                      + f.number()
                      + " ("
                      + f.name()
                      + ") of "
                      + f.message()
                      + " declares 2147483647 bytes but only 0 remain in the frame");
        } else {
          assertThat(error.message())
              .as("%s", f)
              .isEqualTo(
                  "bad EchoRequest: expected EchoRequest but the payload holds "
                      + f.message()
                      + " (id "
                      + f.typeId()
                      + ")");
        }
      }
      assertThat(methodsByRequest).containsKeys("EchoRequest", "PingRequest");
      assertNoCallReachedTheHandler();
      assertThat(log.messages())
          .anySatisfy(m -> assertThat(m).contains("test: bad test.echo#1 from /127.0.0.1:"));
      long grown = Memory.usedHeapAfterGc() - heapBefore;
      System.out.printf("%d lying fields: heap grew %s%n", fields.size(), mib(grown));
      assertThat(grown).isLessThan(MAX_FRAME + HEAP_SLACK);
    }
  }
}
