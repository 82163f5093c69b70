package com.inkzee.rpc.serial;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** Codecs for the scalar field types. */
final class ScalarCodecs {
  private ScalarCodecs() {}

  /**
   * A fixed-width or varint scalar. {@code zero} is the primitive's default (not written, and the
   * value of an absent field), or null for a boxed type, whose absence reads as null.
   */
  static final class Scalar extends ValueCodec {
    private final WireType wireType;
    private final String name;
    private final Object zero;
    private final BiConsumer<WireOutput, Object> writer;
    private final Function<WireInput, Object> reader;

    Scalar(
        WireType wireType,
        String name,
        Object zero,
        BiConsumer<WireOutput, Object> writer,
        Function<WireInput, Object> reader) {
      this.wireType = wireType;
      this.name = name;
      this.zero = zero;
      this.writer = writer;
      this.reader = reader;
    }

    @Override
    WireType wireType() {
      return wireType;
    }

    /** A boxed scalar is marked {@code ?}: its absence reads as null, not 0, so the two differ. */
    @Override
    String schemaName() {
      return zero == null ? name + "?" : name;
    }

    @Override
    String elementSchemaName() {
      return name;
    }

    @Override
    boolean isDefault(Object value) {
      return zero != null && zero.equals(value); // Double/Float equals compare bits: -0.0 is sent
    }

    @Override
    Object absentValue() {
      return zero;
    }

    @Override
    void write(WireOutput out, Object value) {
      writer.accept(out, value);
    }

    @Override
    Object read(WireInput in, WireLimits limits, String what, int depth) {
      return reader.apply(in);
    }
  }

  static ValueCodec bool(boolean primitive) {
    return new Scalar(
        WireType.VARINT,
        "bool",
        primitive ? Boolean.FALSE : null,
        (out, v) -> out.writeVarint32(((Boolean) v) ? 1 : 0),
        in -> in.readVarint64() != 0);
  }

  static ValueCodec int32(boolean primitive) {
    return new Scalar(
        WireType.VARINT,
        "int32",
        primitive ? 0 : null,
        (out, v) -> out.writeZigZag32((Integer) v),
        WireInput::readZigZag32);
  }

  static ValueCodec int64(boolean primitive) {
    return new Scalar(
        WireType.VARINT,
        "int64",
        primitive ? 0L : null,
        (out, v) -> out.writeZigZag64((Long) v),
        WireInput::readZigZag64);
  }

  static ValueCodec float64(boolean primitive) {
    return new Scalar(
        WireType.FIXED64,
        "double",
        primitive ? 0.0d : null,
        (out, v) -> out.writeFixed64Le(Double.doubleToRawLongBits((Double) v)),
        in -> Double.longBitsToDouble(in.readFixed64Le()));
  }

  static ValueCodec float32(boolean primitive) {
    return new Scalar(
        WireType.FIXED32,
        "float",
        primitive ? 0.0f : null,
        (out, v) -> out.writeFixed32Le(Float.floatToRawIntBits((Float) v)),
        in -> Float.intBitsToFloat(in.readFixed32Le()));
  }

  /** Microseconds since the epoch, zig-zag: PostgreSQL's timestamptz resolution. */
  static final class TimestampCodec extends ValueCodec {
    @Override
    WireType wireType() {
      return WireType.VARINT;
    }

    @Override
    String schemaName() {
      return "timestamp";
    }

    @Override
    void write(WireOutput out, Object value) {
      Instant t = (Instant) value;
      // Whole seconds plus microseconds, computed so that every value read() accepts (down to
      // Long.MIN_VALUE micros) writes back without overflow; Instants beyond the int64 range of
      // microseconds throw ArithmeticException, a caller's error.
      long seconds = t.getEpochSecond();
      long micros = t.getNano() / 1000;
      if (seconds < 0 && micros > 0) {
        seconds += 1;
        micros -= 1_000_000L;
      }
      out.writeZigZag64(Math.addExact(Math.multiplyExact(seconds, 1_000_000L), micros));
    }

    @Override
    Object read(WireInput in, WireLimits limits, String what, int depth) {
      long micros = in.readZigZag64();
      try {
        return Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
      } catch (java.time.DateTimeException e) {
        throw new MalformedMessageException(what + ": timestamp out of range: " + micros + " µs");
      }
    }
  }

  static final class StringCodec extends ValueCodec {
    @Override
    WireType wireType() {
      return WireType.LEN;
    }

    @Override
    String schemaName() {
      return "string";
    }

    @Override
    void write(WireOutput out, Object value) {
      out.writeUtf8((String) value);
    }

    @Override
    Object read(WireInput in, WireLimits limits, String what, int depth) {
      return in.readUtf8(limits.maxStringBytes(), what);
    }
  }

  static final class BytesCodec extends ValueCodec {
    @Override
    WireType wireType() {
      return WireType.LEN;
    }

    @Override
    String schemaName() {
      return "bytes";
    }

    @Override
    void write(WireOutput out, Object value) {
      out.writeLengthPrefixedBytes((byte[]) value);
    }

    @Override
    Object read(WireInput in, WireLimits limits, String what, int depth) {
      return in.readExactly(in.readLength(limits.maxBinaryBytes(), what));
    }
  }

  /**
   * Enums travel by constant name, so reordering or adding constants is compatible; a name this
   * peer does not know reads as an absent field (null).
   */
  static final class EnumCodec extends ValueCodec {
    private final Class<? extends Enum<?>> type;
    private final java.util.Map<String, Enum<?>> byName = new java.util.HashMap<>();
    private final byte[][] nameBytes; // by ordinal: the wire bytes of each constant's name

    EnumCodec(Class<? extends Enum<?>> type) {
      this.type = type;
      Enum<?>[] constants = type.getEnumConstants();
      nameBytes = new byte[constants.length][];
      for (Enum<?> e : constants) {
        byName.put(e.name(), e);
        nameBytes[e.ordinal()] = e.name().getBytes(StandardCharsets.US_ASCII);
      }
    }

    @Override
    WireType wireType() {
      return WireType.LEN;
    }

    @Override
    String schemaName() {
      return "enum " + type.getSimpleName();
    }

    Class<? extends Enum<?>> type() {
      return type;
    }

    @Override
    void write(WireOutput out, Object value) {
      out.writeLengthPrefixedBytes(nameBytes[((Enum<?>) value).ordinal()]);
    }

    @Override
    Object read(WireInput in, WireLimits limits, String what, int depth) {
      String name = in.readUtf8(in.readLength(256, what));
      return byName.get(name);
    }
  }
}
