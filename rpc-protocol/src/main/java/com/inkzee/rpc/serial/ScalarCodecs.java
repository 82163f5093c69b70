package com.inkzee.rpc.serial;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Codecs for the scalar field types. */
final class ScalarCodecs {
  private ScalarCodecs() {}

  static final class BoolCodec extends ValueCodec {
    private final boolean primitive;

    BoolCodec(boolean primitive) {
      this.primitive = primitive;
    }

    @Override
    WireType wireType() {
      return WireType.VARINT;
    }

    @Override
    String schemaName() {
      return "bool";
    }

    @Override
    boolean isDefault(Object value) {
      return primitive && !((Boolean) value);
    }

    @Override
    Object absentValue() {
      return primitive ? Boolean.FALSE : null;
    }

    @Override
    void write(WireOutput out, Object value) {
      out.writeVarint32(((Boolean) value) ? 1 : 0);
    }

    @Override
    Object read(WireInput in, WireLimits limits, String what, int depth) {
      return in.readVarint64() != 0;
    }
  }

  static final class Int32Codec extends ValueCodec {
    private final boolean primitive;

    Int32Codec(boolean primitive) {
      this.primitive = primitive;
    }

    @Override
    WireType wireType() {
      return WireType.VARINT;
    }

    @Override
    String schemaName() {
      return "int32";
    }

    @Override
    boolean isDefault(Object value) {
      return primitive && ((Integer) value) == 0;
    }

    @Override
    Object absentValue() {
      return primitive ? 0 : null;
    }

    @Override
    void write(WireOutput out, Object value) {
      out.writeZigZag32((Integer) value);
    }

    @Override
    Object read(WireInput in, WireLimits limits, String what, int depth) {
      return in.readZigZag32();
    }
  }

  static final class Int64Codec extends ValueCodec {
    private final boolean primitive;

    Int64Codec(boolean primitive) {
      this.primitive = primitive;
    }

    @Override
    WireType wireType() {
      return WireType.VARINT;
    }

    @Override
    String schemaName() {
      return "int64";
    }

    @Override
    boolean isDefault(Object value) {
      return primitive && ((Long) value) == 0L;
    }

    @Override
    Object absentValue() {
      return primitive ? 0L : null;
    }

    @Override
    void write(WireOutput out, Object value) {
      out.writeZigZag64((Long) value);
    }

    @Override
    Object read(WireInput in, WireLimits limits, String what, int depth) {
      return in.readZigZag64();
    }
  }

  static final class DoubleCodec extends ValueCodec {
    private final boolean primitive;

    DoubleCodec(boolean primitive) {
      this.primitive = primitive;
    }

    @Override
    WireType wireType() {
      return WireType.FIXED64;
    }

    @Override
    String schemaName() {
      return "double";
    }

    @Override
    boolean isDefault(Object value) {
      return primitive && Double.doubleToRawLongBits((Double) value) == 0L;
    }

    @Override
    Object absentValue() {
      return primitive ? 0.0d : null;
    }

    @Override
    void write(WireOutput out, Object value) {
      out.writeFixed64Le(Double.doubleToRawLongBits((Double) value));
    }

    @Override
    Object read(WireInput in, WireLimits limits, String what, int depth) {
      return Double.longBitsToDouble(in.readFixed64Le());
    }
  }

  static final class FloatCodec extends ValueCodec {
    private final boolean primitive;

    FloatCodec(boolean primitive) {
      this.primitive = primitive;
    }

    @Override
    WireType wireType() {
      return WireType.FIXED32;
    }

    @Override
    String schemaName() {
      return "float";
    }

    @Override
    boolean isDefault(Object value) {
      return primitive && Float.floatToRawIntBits((Float) value) == 0;
    }

    @Override
    Object absentValue() {
      return primitive ? 0.0f : null;
    }

    @Override
    void write(WireOutput out, Object value) {
      out.writeFixed32Le(Float.floatToRawIntBits((Float) value));
    }

    @Override
    Object read(WireInput in, WireLimits limits, String what, int depth) {
      return Float.intBitsToFloat(in.readFixed32Le());
    }
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
      out.writeZigZag64(
          Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000));
    }

    @Override
    Object read(WireInput in, WireLimits limits, String what, int depth) {
      long micros = in.readZigZag64();
      return Instant.ofEpochSecond(
          Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
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
      byte[] bytes = ((String) value).getBytes(StandardCharsets.UTF_8);
      out.writeVarint32(bytes.length);
      out.writeBytes(bytes);
    }

    @Override
    Object read(WireInput in, WireLimits limits, String what, int depth) {
      return in.readUtf8(in.readLength(limits.maxStringBytes(), what));
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
      byte[] bytes = (byte[]) value;
      out.writeVarint32(bytes.length);
      out.writeBytes(bytes);
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

    EnumCodec(Class<? extends Enum<?>> type) {
      this.type = type;
      for (Enum<?> e : type.getEnumConstants()) {
        byName.put(e.name(), e);
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
      byte[] bytes = ((Enum<?>) value).name().getBytes(StandardCharsets.US_ASCII);
      out.writeVarint32(bytes.length);
      out.writeBytes(bytes);
    }

    @Override
    Object read(WireInput in, WireLimits limits, String what, int depth) {
      String name = in.readUtf8(in.readLength(256, what));
      return byName.get(name);
    }
  }
}
