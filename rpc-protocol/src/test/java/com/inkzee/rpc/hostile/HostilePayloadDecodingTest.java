package com.inkzee.rpc.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.inkzee.rpc.catalogue.Catalogue;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.catalogue.MessageCodec;
import com.inkzee.rpc.hostile.Payloads.LenField;
import com.inkzee.rpc.serial.MalformedMessageException;
import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.wire.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Top-level decoding of hostile payloads through {@link MessageCodec}, the path every REQUEST and
 * RESPONSE takes: a payload of a few bytes must never make the decoder allocate what it declares,
 * and must fail with {@link MalformedMessageException} (which the server turns into
 * INVALID_ARGUMENT) and nothing else.
 */
class HostilePayloadDecodingTest {
  /** What one rejected decode may allocate: the exception and its message, never the claim. */
  private static final long MAX_BYTES_PER_REJECTION = 64 * 1024;

  /**
   * A rejection is a few comparisons (microseconds); 250 ms leaves room for a GC pause on a busy
   * 2-core CI machine, and is still far below what allocating or reading 2 GiB would take.
   */
  private static final long MAX_NANOS_PER_REJECTION = 250_000_000L;

  private static final Map<String, Catalogue> CATALOGUES =
      Map.of(
          "test", TestCatalogue.get(),
          "inkzee", InkzeeCatalogue.get(),
          "hostile", HostileCatalogue.get());

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  static Stream<Arguments> everyLenFieldOfEveryCatalogue() {
    List<Arguments> args = new ArrayList<>();
    for (String name : List.of("test", "inkzee", "hostile")) {
      for (LenField f : Payloads.lenFields(CATALOGUES.get(name))) {
        args.add(Arguments.of(name, f));
      }
    }
    return args.stream();
  }

  private static MessageCodec codec(Catalogue catalogue) {
    MessageCodec codec = new MessageCodec(catalogue, WireFormat.DEFAULT_MAX_FRAME_BYTES);
    // The first decode on a thread builds its Kryo; keep that out of the measured calls.
    codec.encodeToBytes(new com.inkzee.rpc.api.health.PingRequest("warm-up"));
    return codec;
  }

  /** Decodes and returns the rejection, checking it was fast and allocated next to nothing. */
  private static MalformedMessageException rejection(
      MessageCodec codec, byte[] payload, boolean direct) {
    // The first run pays for class loading and call-site linking; the second is what an attacker
    // repeating the payload costs the server.
    decodeOnce(codec, payload, direct);
    Outcome o = decodeOnce(codec, payload, direct);
    assertThat(o.thrown())
        .as("decoding %d hostile bytes", payload.length)
        .isInstanceOf(MalformedMessageException.class);
    assertThat(o.allocatedBytes())
        .as("bytes allocated while rejecting (%s)", o.thrown().getMessage())
        .isLessThan(MAX_BYTES_PER_REJECTION);
    assertThat(o.nanos())
        .as("time to reject (%s)", o.thrown().getMessage())
        .isLessThan(MAX_NANOS_PER_REJECTION);
    return (MalformedMessageException) o.thrown();
  }

  private record Outcome(Throwable thrown, long allocatedBytes, long nanos) {}

  private static Outcome decodeOnce(MessageCodec codec, byte[] payload, boolean direct) {
    ByteBuf buf =
        direct
            ? Unpooled.directBuffer(payload.length).writeBytes(payload)
            : Unpooled.wrappedBuffer(payload);
    try {
      long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
      long start = System.nanoTime();
      Throwable thrown = catchThrowable(() -> codec.decode(buf, null));
      long nanos = System.nanoTime() - start;
      return new Outcome(thrown, THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore, nanos);
    } finally {
      buf.release();
    }
  }

  /** An Inner whose only field is {@code children = [child]}. */
  private static byte[] parentOf(byte[] child) {
    byte[] element = new Payloads.Builder().varint(child.length).raw(child).bytes();
    return new Payloads.Builder().lenField(2, element).bytes();
  }

  @Nested
  class DeclaredLengths {
    @Test
    void everyCatalogueHasLenFieldsAndTheHostileOneHasEveryKind() {
      // Guards the parameterised tests below against silently running over nothing.
      assertThat(Payloads.lenFields(InkzeeCatalogue.get())).isNotEmpty();
      assertThat(Payloads.lenFields(TestCatalogue.get())).hasSizeGreaterThan(4);
      assertThat(Payloads.lenFields(HostileCatalogue.get()).stream().map(LenField::type))
          .contains("string", "bytes", "list<string>", "Inner", "enum Colour", "list<enum Colour>")
          .contains("list<Inner>")
          .anySatisfy(t -> assertThat(t).startsWith("list<int64"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("com.inkzee.rpc.hostile.HostilePayloadDecodingTest#everyLenFieldOfEveryCatalogue")
    void rejectsTinyPayloadDeclaringTwoGibibytesInEveryLenField(String catalogue, LenField f) {
      MessageCodec codec = codec(CATALOGUES.get(catalogue));
      byte[] payload = Payloads.declaringLength(f.typeId(), f.number(), 0x7FFFFFFF);
      assertThat(payload).hasSizeLessThanOrEqualTo(12);

      for (boolean direct : new boolean[] {false, true}) {
        MalformedMessageException e = rejection(codec, payload, direct);
        // The log line and the INVALID_ARGUMENT message say which field lied, and by how much.
        assertThat(e.getMessage())
            .contains("field " + f.number() + " (" + f.name() + ") of " + f.message())
            .contains("2147483647");
      }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("com.inkzee.rpc.hostile.HostilePayloadDecodingTest#everyLenFieldOfEveryCatalogue")
    void rejectsLengthsThatWrapNegativeOrOvershootByOneByte(String catalogue, LenField f) {
      MessageCodec codec = codec(CATALOGUES.get(catalogue));
      // 0x80000000 and 0xFFFFFFFF are five-byte varints that read back as negative ints.
      for (int declared : new int[] {0x80000000, 0xFFFFFFFF, 0x40000000, 1}) {
        MalformedMessageException e =
            rejection(codec, Payloads.declaringLength(f.typeId(), f.number(), declared), false);
        assertThat(e.getMessage()).contains(f.name());
      }
    }

    @Test
    void rejectsTwoGibibytesDeclaredDeepInsideNestedMessagesAndLists() {
      MessageCodec codec = codec(HostileCatalogue.get());
      byte[] lie = new Payloads.Builder().tag(1, 2).varint(0x7FFFFFFF).bytes();
      // Inner.name lies, inside Everything.inner (field 4), inside a list element (field 7), and
      // inside Inner.children ten levels down (each level is a list and a message: depth 20 of 32).
      byte[] deep = lie;
      for (int i = 0; i < 10; i++) {
        deep = parentOf(deep);
      }
      byte[] listOfOne = new Payloads.Builder().varint(lie.length).raw(lie).bytes();
      for (byte[] payload :
          List.of(
              new Payloads.Builder().varint(950).lenField(4, lie).bytes(),
              new Payloads.Builder().varint(950).lenField(7, listOfOne).bytes(),
              new Payloads.Builder().varint(950).lenField(4, deep).bytes(),
              new Payloads.Builder().varint(951).raw(deep).bytes())) {
        assertThat(rejection(codec, payload, false).getMessage())
            .contains("field 1 (name) of Inner declares 2147483647 bytes");
      }
    }

    @Test
    void rejectsNestingDeeperThanTheLimitBeforeRecursingFurther() {
      MessageCodec codec = codec(HostileCatalogue.get());
      // Inner.children nested 5,000 times: a payload that would overflow the stack if depth were
      // not bounded.
      byte[] deep = new byte[0];
      for (int i = 0; i < 5_000; i++) {
        deep = parentOf(deep);
      }
      assertThat(rejection(codec, new Payloads.Builder().varint(951).raw(deep).bytes(), false))
          .hasMessageContaining("nests deeper than");
    }
  }

  /**
   * Each list element or nested message can cost the sender one byte and the reader an object of 20
   * to 150 bytes, so the number of them in one message is bounded as well as its bytes.
   */
  @Nested
  class ValueBudget {
    @Test
    void rejectsAMessageHoldingMoreListElementsAndNestedMessagesThanTheBudget() {
      MessageCodec codec = codec(HostileCatalogue.get());
      // 1,000 Inners in Everything.inners, each with 300 empty children: 301,000 values in 305 KB,
      // over the 250,000 of WireLimits.DEFAULT however they are spread over the lists.
      byte[] children = new byte[300]; // each 0 is an empty Inner's length
      byte[] inner = new Payloads.Builder().lenField(2, children).bytes();
      Payloads.Builder inners = new Payloads.Builder();
      for (int i = 0; i < 1_000; i++) {
        inners.varint(inner.length).raw(inner);
      }
      byte[] payload = new Payloads.Builder().varint(950).lenField(7, inners.bytes()).bytes();

      Throwable thrown = catchThrowable(() -> codec.decode(payload, 0, payload.length, null));

      assertThat(thrown)
          .isInstanceOf(MalformedMessageException.class)
          .hasMessageContaining("field 2 (children) of Inner")
          .hasMessageContaining("more than 250000 list elements and nested messages");
    }

    @Test
    void decodesTwoFullListsWithinTheBudget() {
      MessageCodec codec = codec(HostileCatalogue.get());
      Payloads.Builder numbers = new Payloads.Builder();
      Payloads.Builder words = new Payloads.Builder();
      for (int i = 0; i < 100_000; i++) {
        numbers.varint(2); // zigzag 1
        words.varint(1).raw((byte) 'w');
      }
      byte[] payload =
          new Payloads.Builder()
              .varint(950)
              .lenField(13, numbers.bytes())
              .lenField(3, words.bytes())
              .bytes();

      HostileCatalogue.Everything decoded =
          codec.decode(payload, 0, payload.length, HostileCatalogue.Everything.class);

      assertThat(decoded.numbers()).hasSize(100_000).containsOnly(1L);
      assertThat(decoded.words()).hasSize(100_000).containsOnly("w");
    }
  }

  @Nested
  class TypeIds {
    @ParameterizedTest(name = "type id {0}")
    // 0..9 are Kryo's own registrations (int, String...), 99 is just below the first message id,
    // 102 and 899 are unused, -1 and MIN_VALUE are five-byte varints.
    @ValueSource(ints = {0, 1, 9, 99, 102, 899, 12345, Integer.MAX_VALUE, -1, Integer.MIN_VALUE})
    void rejectsUnregisteredTypeIdWithoutInstantiatingAnything(int id) {
      for (Catalogue catalogue : CATALOGUES.values()) {
        byte[] payload = new Payloads.Builder().varint(id).lenField(1, new byte[8]).bytes();
        assertThat(rejection(codec(catalogue), payload, false))
            .hasMessageContaining("type id " + id + " is not registered");
      }
    }

    @Test
    void rejectsEmptyAndTruncatedTypeIds() {
      MessageCodec codec = codec(TestCatalogue.get());
      assertThat(rejection(codec, new byte[0], false)).hasMessageContaining("truncated");
      assertThat(rejection(codec, new byte[] {(byte) 0x80}, false))
          .hasMessageContaining("truncated");
      assertThat(rejection(codec, new byte[] {-1, -1, -1, -1, -1, 1}, false))
          .hasMessageContaining("varint longer than 5 bytes");
    }

    @Test
    void rejectsPayloadOfTheWrongMessageTypeForTheMethod() {
      MessageCodec codec = codec(TestCatalogue.get());
      byte[] ping = codec.encodeToBytes(new com.inkzee.rpc.api.health.PingRequest("x"));
      assertThatThrownBy(
              () -> codec.decode(ping, 0, ping.length, com.inkzee.rpc.testing.EchoRequest.class))
          .isInstanceOf(MalformedMessageException.class)
          .hasMessageContaining("expected EchoRequest but the payload holds PingRequest");
    }
  }

  @Nested
  class UnknownValues {
    @Test
    void unknownEnumConstantInsideAListIsDroppedNotAnNpe() {
      // A newer peer's constant: ListCodec must not hand the null EnumCodec returns to
      // List.copyOf, whose NullPointerException would escape MessageCodec.decode.
      MessageCodec codec = codec(HostileCatalogue.get());
      byte[] purple = "PURPLE".getBytes(StandardCharsets.US_ASCII);
      byte[] list = new Payloads.Builder().varint(purple.length).raw(purple).bytes();
      byte[] payload = new Payloads.Builder().varint(950).lenField(6, list).bytes();
      Object decoded = codec.decode(payload, 0, payload.length, null);
      assertThat(((HostileCatalogue.Everything) decoded).colours()).isEmpty();
    }
  }

  /** Once bugs, kept as regression tests. */
  @Nested
  class FixedBugs {
    @Test
    void everyTimestampThatDecodesCanBeEncodedAgain() {
      MessageCodec codec = codec(HostileCatalogue.get());
      // zig-zag(Long.MIN_VALUE) = 2^64 - 1: ten bytes 0xFF*9 0x01.
      byte[] payload =
          new Payloads.Builder()
              .varint(950)
              .tag(10, 0)
              .raw((byte) -1, (byte) -1, (byte) -1, (byte) -1, (byte) -1)
              .raw((byte) -1, (byte) -1, (byte) -1, (byte) -1, (byte) 1)
              .bytes();
      Object decoded;
      try {
        decoded = codec.decode(payload, 0, payload.length, null);
      } catch (MalformedMessageException rejected) {
        return; // rejecting the out-of-range instant is a fix too
      }
      assertThat(((HostileCatalogue.Everything) decoded).at()).isBefore(Instant.EPOCH);
      codec.encodeToBytes(decoded);
    }
  }
}
