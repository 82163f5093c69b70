package com.inkzee.rpc.serial;

/**
 * How a field's value is laid out, carried in the low 3 bits of its tag so that a reader can skip
 * fields it does not know. The same scheme as Protocol Buffers, so it is familiar to implement.
 */
enum WireType {
  /** LEB128 varint: booleans, zig-zag ints and longs, timestamps. */
  VARINT(0),
  /** 8 bytes little-endian: doubles. */
  FIXED64(1),
  /** varint length, then that many bytes: strings, bytes, enums, messages, lists. */
  LEN(2),
  /** 4 bytes little-endian: floats. */
  FIXED32(5);

  final int code;

  WireType(int code) {
    this.code = code;
  }

  static WireType fromCode(int code) {
    switch (code) {
      case 0:
        return VARINT;
      case 1:
        return FIXED64;
      case 2:
        return LEN;
      case 5:
        return FIXED32;
      default:
        return null;
    }
  }
}
