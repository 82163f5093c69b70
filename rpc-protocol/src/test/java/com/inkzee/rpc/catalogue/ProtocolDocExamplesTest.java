package com.inkzee.rpc.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.catalogue.GoldenFiles.Version;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.wire.Frame;
import com.inkzee.rpc.wire.FrameType;
import com.inkzee.rpc.wire.FrameWriter;
import com.inkzee.rpc.wire.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * docs/PROTOCOL.md is what other-language clients are written from: its byte dumps must be what the
 * code really sends, and its tables must list every status and frame type with its code.
 */
class ProtocolDocExamplesTest {
  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
  private static final String DOC = readDoc();

  private final MessageCodec codec =
      new MessageCodec(InkzeeCatalogue.get(), WireFormat.DEFAULT_MAX_FRAME_BYTES);

  @Nested
  class ByteDumps {
    @Test
    void pingRequestMessage() {
      assertDocShows(codec.encodeToBytes(new PingRequest("hi")));
    }

    @Test
    void requestFrameOfAPingCall() {
      byte[] payload = codec.encodeToBytes(new PingRequest("hi"));

      assertDocShows(FrameWriter.request(ALLOC, 1, 0, 10_000, payload, payload.length));
    }

    @Test
    void responseFrameOfAPingCall() {
      byte[] payload =
          codec.encodeToBytes(
              new PingResponse(
                  "store", "1.0", Instant.parse("2024-03-01T12:34:56.789012Z"), "hi", true));

      assertDocShows(FrameWriter.response(ALLOC, 1, payload, payload.length));
    }

    @Test
    void helloAndHelloAckOfCatalogue10() {
      // The 1.0 golden schema, not the live catalogue, so the example stays true as it grows.
      long fingerprint =
          Catalogue.fingerprintOf(GoldenFiles.read(GoldenFiles.schemaFile(new Version(1, 0))));
      byte[] token = "s3cret".getBytes(StandardCharsets.UTF_8);

      assertDocShows(
          FrameWriter.hello(
              ALLOC,
              new Frame.Hello(
                  false,
                  1,
                  1,
                  0,
                  fingerprint,
                  "store",
                  token,
                  WireFormat.DEFAULT_MAX_FRAME_BYTES)));
      assertDocShows(
          FrameWriter.hello(
              ALLOC,
              new Frame.Hello(
                  true,
                  1,
                  1,
                  0,
                  fingerprint,
                  "store",
                  new byte[0],
                  WireFormat.DEFAULT_MAX_FRAME_BYTES)));
    }

    @Test
    void errorCancelPingAndGoAwayFrames() {
      assertDocShows(FrameWriter.error(ALLOC, 0, Status.UNAUTHENTICATED, "invalid auth token"));
      assertDocShows(FrameWriter.error(ALLOC, 3, Status.UNIMPLEMENTED, "no method 9"));
      assertDocShows(FrameWriter.cancel(ALLOC, 2));
      assertDocShows(FrameWriter.ping(ALLOC, 42));
      assertDocShows(FrameWriter.goAway(ALLOC, 7, "bye"));
    }
  }

  @Nested
  class Tables {
    @Test
    void everyStatusIsListedWithItsByte() {
      for (Status s : Status.values()) {
        assertThat(DOC)
            .as("docs/PROTOCOL.md status table row for %s", s)
            .containsPattern("(?m)^\\| " + s.code() + " +\\| " + s.name() + " +\\|");
      }
    }

    @Test
    void everyFrameTypeIsListedWithItsCode() {
      for (FrameType t : FrameType.values()) {
        assertThat(DOC)
            .as("docs/PROTOCOL.md frame type table row for %s", t)
            .containsPattern(
                Pattern.compile(
                    "(?m)^\\| " + String.format("0x%02X", t.code()) + " +\\| " + t.name() + " +\\|",
                    Pattern.CASE_INSENSITIVE));
      }
    }
  }

  private static void assertDocShows(ByteBuf frame) {
    try {
      assertDocShows(ByteBufUtil.getBytes(frame));
    } finally {
      frame.release();
    }
  }

  private static void assertDocShows(byte[] bytes) {
    String hex = HexFormat.ofDelimiter(" ").formatHex(bytes);
    assertThat(DOC).as("docs/PROTOCOL.md shows the bytes the code writes").contains(hex);
  }

  private static String readDoc() {
    // The module directory under surefire; the repository root when started from an IDE there.
    Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    for (Path p :
        new Path[] {base.resolve("../docs/PROTOCOL.md"), base.resolve("docs/PROTOCOL.md")}) {
      if (Files.isRegularFile(p)) {
        return GoldenFiles.read(p);
      }
    }
    throw new AssertionError("docs/PROTOCOL.md not found from " + base.toAbsolutePath());
  }
}
