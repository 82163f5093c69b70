package com.inkzee.rpc.serial;

/** A message inside a message: a length-prefixed region holding its fields. */
final class NestedMessageCodec extends ValueCodec {
  private final MessageSerializer<?> serializer;

  /**
   * Bytes to reserve for the next length prefix: the size the last one took, so a run of similar
   * messages writes each in place instead of moving it. Only a guess; the output does not depend on
   * it.
   */
  private int prefixHint = 1;

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
    int reserved = prefixHint;
    int start = out.beginLengthPrefixed(reserved);
    serializer.writeFields(out, value);
    prefixHint = out.endLengthPrefixed(start, reserved);
  }

  @Override
  Object read(WireInput in, WireLimits limits, String what, int depth) {
    if (depth >= limits.maxDepth()) {
      throw new MalformedMessageException(what + " nests deeper than " + limits.maxDepth());
    }
    in.countValue(what);
    int length = in.readLength(Integer.MAX_VALUE, what);
    int outerLimit = in.limit();
    in.setLimit(in.position() + length);
    Object value = serializer.readFields(in, limits, depth + 1);
    in.setLimit(outerLimit);
    return value;
  }
}
