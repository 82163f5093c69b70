package com.inkzee.rpc.serial;

/** A message inside a message: a length-prefixed region holding its fields. */
final class NestedMessageCodec extends ValueCodec {
  private final MessageSerializer<?> serializer;

  NestedMessageCodec(MessageSerializer<?> serializer) {
    this.serializer = serializer;
  }

  @Override
  WireType wireType() {
    return WireType.LEN;
  }

  @Override
  String schemaName() {
    return serializer.type().getSimpleName();
  }

  @Override
  void write(WireOutput out, Object value) {
    int start = out.beginLengthPrefixed();
    serializer.writeFields(out, value);
    out.endLengthPrefixed(start);
  }

  @Override
  Object read(WireInput in, WireLimits limits, String what, int depth) {
    if (depth >= limits.maxDepth()) {
      throw new MalformedMessageException(what + " nests deeper than " + limits.maxDepth());
    }
    int length = in.readLength(Integer.MAX_VALUE, what);
    int outerLimit = in.limit();
    in.setLimit(in.position() + length);
    Object value = serializer.readFields(in, limits, depth + 1);
    in.setLimit(outerLimit);
    return value;
  }
}
