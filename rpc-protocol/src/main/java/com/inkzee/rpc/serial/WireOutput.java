package com.inkzee.rpc.serial;

import com.esotericsoftware.kryo.io.Output;

/**
 * A Kryo {@link Output} that writes the Inkzee field encoding: LEB128 varints, zig-zag signed
 * numbers, little-endian fixed widths, and length-prefixed regions whose length is patched in after
 * their content is written.
 */
public final class WireOutput extends Output {

  public WireOutput(int initialBytes, int maxBytes) {
    super(initialBytes, maxBytes);
  }

  public void writeVarint32(int value) {
    require(5);
    while ((value & ~0x7F) != 0) {
      buffer[position++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buffer[position++] = (byte) value;
  }

  public void writeVarint64(long value) {
    require(10);
    while ((value & ~0x7FL) != 0) {
      buffer[position++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buffer[position++] = (byte) value;
  }

  public void writeZigZag32(int value) {
    writeVarint32((value << 1) ^ (value >> 31));
  }

  public void writeZigZag64(long value) {
    writeVarint64((value << 1) ^ (value >> 63));
  }

  public void writeFixed64Le(long value) {
    require(8);
    for (int i = 0; i < 8; i++) {
      buffer[position++] = (byte) (value >>> (8 * i));
    }
  }

  public void writeFixed32Le(int value) {
    require(4);
    for (int i = 0; i < 4; i++) {
      buffer[position++] = (byte) (value >>> (8 * i));
    }
  }

  /** Starts a length-prefixed region; pass the result to {@link #endLengthPrefixed}. */
  public int beginLengthPrefixed() {
    require(1);
    int start = position;
    position++; // one byte reserved: most regions are shorter than 128 bytes
    return start;
  }

  /** Writes the region's length at {@code start}, moving the content if it needs more bytes. */
  public void endLengthPrefixed(int start) {
    int contentStart = start + 1;
    int length = position - contentStart;
    int lengthBytes = varint32Size(length);
    if (lengthBytes > 1) {
      int extra = lengthBytes - 1;
      require(extra);
      System.arraycopy(buffer, contentStart, buffer, contentStart + extra, length);
      position += extra;
    }
    int end = position;
    position = start;
    writeVarint32(length);
    position = end;
  }

  static int varint32Size(int value) {
    int bytes = 1;
    while ((value & ~0x7F) != 0) {
      bytes++;
      value >>>= 7;
    }
    return bytes;
  }
}
