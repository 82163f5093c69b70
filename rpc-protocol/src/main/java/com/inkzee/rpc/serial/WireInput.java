package com.inkzee.rpc.serial;

import com.esotericsoftware.kryo.io.Input;
import java.nio.charset.StandardCharsets;

/**
 * A Kryo {@link Input} over one frame's payload that reads the Inkzee field encoding. Every length
 * read is checked against the bytes left before the current limit (the end of the frame or of the
 * enclosing region) and against a per-field cap, before anything is allocated.
 */
public final class WireInput extends Input {
  private final int maxValues;

  /** List elements and nested messages this message may still hold: see {@link #countValue}. */
  private int valuesLeft;

  public WireInput(byte[] bytes, int offset, int length, WireLimits limits) {
    super(bytes, offset, length);
    this.maxValues = limits.maxValues();
    this.valuesLeft = maxValues;
  }

  /**
   * Counts one list element or nested message against {@link WireLimits#maxValues()}, before it is
   * read: the lengths checked elsewhere bound each value by the bytes left, but not the number of
   * one-byte values a frame can hold, each of which the reader turns into an object.
   *
   * @param what names the field in the error
   */
  void countValue(String what) {
    if (--valuesLeft < 0) {
      throw new MalformedMessageException(
          what
              + ": the message holds more than "
              + maxValues
              + " list elements and nested messages");
    }
  }

  public int remaining() {
    return limit - position;
  }

  public boolean atLimit() {
    return position >= limit;
  }

  public int readVarint32() {
    int p = position;
    if (p + 1 < limit) {
      byte b = buffer[p];
      if (b >= 0) { // one byte: tags and most lengths
        position = p + 1;
        return b;
      }
      byte b2 = buffer[p + 1];
      if (b2 >= 0) { // two bytes: lengths of 128 B to 16 KiB (summaries, nested entries)
        position = p + 2;
        return (b & 0x7F) | (b2 << 7);
      }
    } else if (p < limit && buffer[p] >= 0) {
      position = p + 1;
      return buffer[p];
    }
    return readVarint32Slow();
  }

  private int readVarint32Slow() {
    int result = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      byte b = readRawByte();
      result |= (b & 0x7F) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw new MalformedMessageException("varint longer than 5 bytes");
  }

  public long readVarint64() {
    int p = position;
    if (limit - p >= 10) { // the whole varint is in the region: no bound check per byte
      byte[] b = buffer;
      long result = 0;
      for (int shift = 0; shift < 70; shift += 7) {
        byte x = b[p++];
        result |= (long) (x & 0x7F) << shift;
        if (x >= 0) {
          position = p;
          return result;
        }
      }
      throw new MalformedMessageException("varint longer than 10 bytes");
    }
    return readVarint64Slow();
  }

  private long readVarint64Slow() {
    long result = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      byte b = readRawByte();
      result |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw new MalformedMessageException("varint longer than 10 bytes");
  }

  public int readZigZag32() {
    int n = readVarint32();
    return (n >>> 1) ^ -(n & 1);
  }

  public long readZigZag64() {
    long n = readVarint64();
    return (n >>> 1) ^ -(n & 1);
  }

  public long readFixed64Le() {
    requireBytes(8, "fixed64");
    byte[] b = buffer;
    int p = position;
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v |= (long) (b[p + i] & 0xFF) << (8 * i);
    }
    position = p + 8;
    return v;
  }

  public int readFixed32Le() {
    requireBytes(4, "fixed32");
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v |= (buffer[position++] & 0xFF) << (8 * i);
    }
    return v;
  }

  /**
   * Reads a region length and checks it against what is left and against {@code cap}.
   *
   * @param what names the field in the error, e.g. "field 3 (title) of PingRequest"
   */
  public int readLength(int cap, String what) {
    int length = readVarint32();
    if (length < 0) {
      throw new MalformedMessageException(what + " declares a negative length");
    }
    if (length > remaining()) {
      throw new MalformedMessageException(
          what + " declares " + length + " bytes but only " + remaining() + " remain in the frame");
    }
    if (length > cap) {
      throw new MalformedMessageException(
          what + " declares " + length + " bytes, over the limit of " + cap);
    }
    return length;
  }

  /** Reads {@code varint(length) utf8Bytes}, the length checked as by {@link #readLength}. */
  String readUtf8(int cap, String what) {
    int length = readLength(cap, what);
    String s = new String(buffer, position, length, StandardCharsets.UTF_8);
    position += length;
    return s;
  }

  public String readUtf8(int length) {
    String s = new String(buffer, position, length, StandardCharsets.UTF_8);
    position += length;
    return s;
  }

  public byte[] readExactly(int length) {
    byte[] out = new byte[length];
    System.arraycopy(buffer, position, out, 0, length);
    position += length;
    return out;
  }

  public void skip(int length) {
    requireBytes(length, "skipped field");
    position += length;
  }

  private byte readRawByte() {
    if (position >= limit) {
      throw new MalformedMessageException("truncated varint at end of region");
    }
    return buffer[position++];
  }

  private void requireBytes(int n, String what) {
    if (remaining() < n) {
      throw new MalformedMessageException(
          "truncated " + what + ": needs " + n + " bytes, " + remaining() + " left");
    }
  }
}
