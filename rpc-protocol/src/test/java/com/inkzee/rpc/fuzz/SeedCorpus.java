package com.inkzee.rpc.fuzz;

import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.catalogue.MessageCodec;
import com.inkzee.rpc.hostile.HostileCatalogue;
import com.inkzee.rpc.hostile.HostileCatalogue.Colour;
import com.inkzee.rpc.hostile.HostileCatalogue.Everything;
import com.inkzee.rpc.hostile.HostileCatalogue.Inner;
import com.inkzee.rpc.hostile.Payloads;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.EchoResponse;
import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.wire.Frame;
import com.inkzee.rpc.wire.FrameWriter;
import com.inkzee.rpc.wire.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the committed seed corpus of the fuzz tests: valid traffic of every kind plus the attacks
 * of the hostile-input tests, so fuzzing starts from deep inside the parsers.
 *
 * <p>Run from the module directory after changing the wire format, and commit the result:
 *
 * <pre>
 * ../mvnw -q -o test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test.cp -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/test.cp) com.inkzee.rpc.fuzz.SeedCorpus
 * </pre>
 *
 * Files are named by what they hold; inputs Jazzer later finds and writes next to them (crashes
 * moved here from {@code .fuzz-findings/}) are kept as regression inputs too.
 */
public final class SeedCorpus {
  static final Path RESOURCES = Path.of("src/test/resources/com/inkzee/rpc/fuzz");
  private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;
  private static final String TOKEN = "fuzz-token";

  private SeedCorpus() {}

  public static void main(String[] args) throws IOException {
    write(
        "FrameDecoderFuzzTestInputs/decodesAnyByteStreamIntoValidFramesOrAFramingError", frames());
    write(
        "HandshakeFuzzTestInputs/acknowledgesOnlyAValidHelloAndClosesOnEveryRefusal", handshakes());
    write("MessageCodecFuzzTestInputs/decodesAnyPayloadOrRejectsItAsMalformed", payloads());
  }

  private static void write(String dir, Map<String, byte[]> seeds) throws IOException {
    Path d = RESOURCES.resolve(dir);
    Files.createDirectories(d);
    for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
      Files.write(d.resolve(e.getKey()), e.getValue());
    }
    System.out.println(seeds.size() + " seeds in " + d);
  }

  private static byte[] bytes(ByteBuf buf) {
    try {
      return ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] hello(String service, String token, int min, int max) {
    return bytes(
        FrameWriter.hello(
            ALLOC,
            new Frame.Hello(
                false,
                min,
                max,
                TestCatalogue.get().minor(),
                TestCatalogue.get().fingerprint(),
                service,
                token.getBytes(StandardCharsets.UTF_8),
                WireFormat.DEFAULT_MAX_FRAME_BYTES)));
  }

  private static byte[] echoRequest(int stream) {
    byte[] p =
        new MessageCodec(TestCatalogue.get(), WireFormat.DEFAULT_MAX_FRAME_BYTES)
            .encodeToBytes(new EchoRequest("hi", 0, new byte[] {1, 2}, List.of("a"), null));
    return bytes(FrameWriter.request(ALLOC, stream, 1, 1000, p, p.length));
  }

  private static byte[] header(int length, int type, int stream) {
    return ByteBuffer.allocate(10)
        .putInt(length)
        .put((byte) type)
        .put((byte) 0)
        .putInt(stream)
        .array();
  }

  /** Every frame kind, then the attacks; byte 0 = cap index 3 (64 KiB) and a chunk size. */
  private static Map<String, byte[]> frames() {
    byte[] all =
        concat(
            hello("test", TOKEN, 1, 1),
            bytes(
                FrameWriter.hello(
                    ALLOC, new Frame.Hello(true, 1, 1, 0, 42L, "test", new byte[0], 65536))),
            echoRequest(1),
            bytes(FrameWriter.response(ALLOC, 1, new byte[] {(byte) 0x85, 7, 0}, 3)),
            bytes(FrameWriter.error(ALLOC, 3, Status.INVALID_ARGUMENT, "bad EchoRequest")),
            bytes(FrameWriter.cancel(ALLOC, 5)),
            bytes(FrameWriter.ping(ALLOC, 0x0102030405060708L)),
            bytes(FrameWriter.pong(ALLOC, -1L)),
            bytes(FrameWriter.goAway(ALLOC, 7, "server shutting down")),
            header(6, 0x7E, 0)); // a type from the future: skipped
    byte[] badMagic = hello("test", TOKEN, 1, 1);
    badMagic[10] = 'X';
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    seeds.put("every-frame-kind-one-write", concat(new byte[] {3}, all));
    seeds.put("every-frame-kind-7-byte-chunks", concat(new byte[] {3 | 1 << 2}, all));
    seeds.put("hello-cap-64-bytes", concat(new byte[] {1}, hello("test", TOKEN, 1, 1)));
    seeds.put("length-2GiB", concat(new byte[] {3}, header(0x7FFFFFFF, 3, 1), new byte[16]));
    seeds.put("length-0x80000000", concat(new byte[] {3}, header(0x80000000, 3, 1)));
    seeds.put("length-below-header", concat(new byte[] {3}, header(2, 3, 1)));
    seeds.put("request-on-stream-0", concat(new byte[] {3}, header(12, 3, 0), new byte[6]));
    seeds.put("bad-magic", concat(new byte[] {3}, badMagic));
    seeds.put(
        "truncated-hello", concat(new byte[] {3}, Arrays.copyOf(hello("test", TOKEN, 1, 1), 20)));
    return seeds;
  }

  /** Openings of a connection; byte 0 = chunk size (0: one write). */
  private static Map<String, byte[]> handshakes() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    byte[] valid = hello("test", TOKEN, 1, 1);
    byte[] ping = bytes(FrameWriter.ping(ALLOC, 9));
    seeds.put("valid-hello", concat(new byte[] {0}, valid));
    seeds.put("valid-hello-then-calls", concat(new byte[] {0}, valid, ping, echoRequest(1)));
    seeds.put("valid-hello-in-3-byte-chunks", concat(new byte[] {1}, valid, ping));
    seeds.put("second-hello", concat(new byte[] {0}, valid, valid));
    seeds.put("wrong-token", concat(new byte[] {0}, hello("test", "fuzz-tokeN", 1, 1)));
    seeds.put("no-token", concat(new byte[] {0}, hello("test", "", 1, 1)));
    seeds.put("version-2-only", concat(new byte[] {0}, hello("test", TOKEN, 2, 2)));
    seeds.put("version-range-0-9", concat(new byte[] {0}, hello("test", TOKEN, 0, 9)));
    seeds.put("unknown-service", concat(new byte[] {0}, hello("store", TOKEN, 1, 1)));
    seeds.put("request-first", concat(new byte[] {0}, echoRequest(1), valid));
    seeds.put("unknown-type-then-hello", concat(new byte[] {0}, header(6, 0x7E, 0), valid));
    seeds.put(
        "wrong-token-then-request",
        concat(new byte[] {0}, hello("test", "x", 1, 1), echoRequest(1)));
    byte[] badMagic = hello("test", TOKEN, 1, 1);
    badMagic[10] = 'X';
    seeds.put("bad-magic-then-request", concat(new byte[] {0}, badMagic, echoRequest(1)));
    seeds.put("length-2GiB", concat(new byte[] {0}, header(0x7FFFFFFF, 1, 0)));
    return seeds;
  }

  /** Message payloads as they travel: every message, every field kind, and lying lengths. */
  private static Map<String, byte[]> payloads() {
    MessageCodec test = new MessageCodec(TestCatalogue.get(), WireFormat.DEFAULT_MAX_FRAME_BYTES);
    MessageCodec hostile =
        new MessageCodec(HostileCatalogue.get(), WireFormat.DEFAULT_MAX_FRAME_BYTES);
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    seeds.put("ping-request", test.encodeToBytes(new PingRequest("echo me")));
    seeds.put(
        "ping-response",
        test.encodeToBytes(
            new PingResponse("store", "1.0", Instant.parse("2026-11-26T04:43:00Z"), "e", true)));
    seeds.put(
        "echo-request",
        test.encodeToBytes(
            new EchoRequest("text", 25, new byte[] {0, 1, 2}, List.of("a", "bb"), "NOT_FOUND")));
    seeds.put(
        "echo-response",
        test.encodeToBytes(new EchoResponse("t", "s", new byte[] {9}, List.of("x"))));
    Inner leaf = new Inner("leaf", List.of(), Colour.GREEN);
    seeds.put(
        "everything",
        hostile.encodeToBytes(
            new Everything(
                "text",
                new byte[] {1, 2, 3},
                List.of("w1", "w2"),
                new Inner("root", List.of(leaf, leaf), Colour.RED),
                Colour.GREEN,
                List.of(Colour.RED, Colour.GREEN),
                List.of(leaf),
                -5,
                1.5,
                Instant.parse("1969-12-31T23:59:59.999999Z"),
                2.5f,
                true,
                List.of(1L, -1L, Long.MAX_VALUE))));
    seeds.put("echo-text-declares-2GiB", Payloads.declaringLength(900, 1, 0x7FFFFFFF));
    seeds.put("everything-inner-declares-2GiB", Payloads.declaringLength(950, 4, 0x7FFFFFFF));
    seeds.put(
        "echo-unknown-fields",
        new Payloads.Builder()
            .varint(900)
            .tag(99, 0)
            .varint(1)
            .tag(98, 1)
            .raw(new byte[8])
            .tag(97, 5)
            .raw(new byte[4])
            .lenField(96, new byte[3])
            .bytes());
    seeds.put("unregistered-id", new Payloads.Builder().varint(12345).bytes());
    return seeds;
  }
}
