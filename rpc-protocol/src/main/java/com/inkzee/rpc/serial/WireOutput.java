package com.inkzee.rpc.serial;

import com.esotericsoftware.kryo.io.Output;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/**
 * A Kryo {@link Output} that writes the Inkzee field encoding: LEB128 varints, zig-zag signed
 * numbers, little-endian fixed widths, and length-prefixed regions whose length is patched in after
 * their content is written.
 *
 * <p>The {@code put*} methods write without a capacity check: callers first {@link #ensure} room
 * for everything a field can take (its tag and value), so a field costs one check, not one per
 * varint.
 */
public final class WireOutput extends Output {
  /** Strings at least this long go through the bulk ASCII path; shorter ones are cheaper copied. */
  private static final int BULK_ASCII_CHARS = 64;

  /** Chars converted per step of the bulk ASCII path, which bounds its scratch. */
  private static final int CHUNK_CHARS = 2048;

  private char[] chars; // scratch of the bulk ASCII path, allocated on first use
  private CharBuffer charView;
  private ByteBuffer bufferView; // over buffer; replaced when the buffer grows
  private CharsetEncoder ascii;

  public WireOutput(int initialBytes, int maxBytes) {
    super(initialBytes, maxBytes);
  }

  /** Makes room for {@code bytes} more bytes (or fails as Kryo does when over the maximum). */
  void ensure(int bytes) {
    if (capacity - position < bytes) {
      require(bytes);
    }
  }

  public void writeVarint32(int value) {
    ensure(5);
    putVarint32(value);
  }

  public void writeVarint64(long value) {
    ensure(10);
    putVarint64(value);
  }

  /** A varint without a capacity check: see {@link #ensure}. */
  void putVarint32(int value) {
    byte[] b = buffer;
    int p = position;
    while ((value & ~0x7F) != 0) {
      b[p++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    b[p++] = (byte) value;
    position = p;
  }

  /** A varint without a capacity check: see {@link #ensure}. */
  void putVarint64(long value) {
    byte[] b = buffer;
    int p = position;
    while ((value & ~0x7FL) != 0) {
      b[p++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    b[p++] = (byte) value;
    position = p;
  }

  public void writeZigZag32(int value) {
    writeVarint32((value << 1) ^ (value >> 31));
  }

  public void writeZigZag64(long value) {
    writeVarint64((value << 1) ^ (value >> 63));
  }

  public void writeFixed64Le(long value) {
    ensure(8);
    putFixed64Le(value);
  }

  /** Without a capacity check: see {@link #ensure}. */
  void putFixed64Le(long value) {
    byte[] b = buffer;
    int p = position;
    for (int i = 0; i < 8; i++) {
      b[p++] = (byte) (value >>> (8 * i));
    }
    position = p;
  }

  public void writeFixed32Le(int value) {
    ensure(4);
    byte[] b = buffer;
    int p = position;
    for (int i = 0; i < 4; i++) {
      b[p++] = (byte) (value >>> (8 * i));
    }
    position = p;
  }

  /** Writes {@code varint(length) bytes}. */
  void writeLengthPrefixedBytes(byte[] bytes) {
    int length = bytes.length;
    ensure(5 + length);
    putVarint32(length);
    System.arraycopy(bytes, 0, buffer, position, length);
    position += length;
  }

  /**
   * Writes a string as {@code varint(utf8Length) utf8Bytes}, exactly the bytes of {@code
   * s.getBytes(UTF_8)}. A long pure-ASCII string is converted straight into the buffer (one ASCII
   * char is one UTF-8 byte, so its length is known up front); anything else takes the general path.
   */
  void writeUtf8(String s) {
    int n = s.length();
    if (n >= BULK_ASCII_CHARS && writeAsciiInPlace(s, n)) {
      return;
    }
    writeLengthPrefixedBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code s} if every char is ASCII, through the JDK's vectorised ASCII encoder; returns
   * false, having written nothing (the position is unchanged), at the first non-ASCII char.
   */
  private boolean writeAsciiInPlace(String s, int n) {
    int prefix = varint32Size(n);
    ensure(prefix + n);
    if (chars == null) {
      chars = new char[CHUNK_CHARS];
      charView = CharBuffer.wrap(chars);
      ascii = StandardCharsets.US_ASCII.newEncoder();
    }
    if (bufferView == null || bufferView.array() != buffer) {
      bufferView = ByteBuffer.wrap(buffer);
    }
    ByteBuffer dst = bufferView;
    int start = position + prefix;
    dst.limit(start + n).position(start);
    CharsetEncoder encoder = ascii.reset();
    for (int from = 0; from < n; from += CHUNK_CHARS) {
      int to = Math.min(n, from + CHUNK_CHARS);
      s.getChars(from, to, chars, 0);
      charView.limit(to - from).position(0);
      CoderResult result = encoder.encode(charView, dst, false);
      if (charView.hasRemaining() || !result.isUnderflow()) {
        return false; // a non-ASCII char: the bytes written past the position are overwritten
      }
    }
    putVarint32(n);
    position = start + n;
    return true;
  }

  /** Starts a length-prefixed region; pass the result to {@link #endLengthPrefixed}. */
  public int beginLengthPrefixed() {
    return beginLengthPrefixed(1);
  }

  /** Writes the region's length at {@code start}, moving the content if it needs more bytes. */
  public void endLengthPrefixed(int start) {
    endLengthPrefixed(start, 1);
  }

  /**
   * Starts a length-prefixed region, reserving {@code reserve} (1..5) bytes for its length: the
   * caller's guess, e.g. the size the same field's length took last time.
   */
  int beginLengthPrefixed(int reserve) {
    ensure(reserve);
    int start = position;
    position += reserve;
    return start;
  }

  /**
   * Writes the region's length at {@code start} as a minimal varint. When that differs from the
   * {@code reserved} bytes the content moves once, so the output is the same whatever the guess.
   *
   * @return the bytes the length took, a guess for the next region of the same field
   */
  int endLengthPrefixed(int start, int reserved) {
    int contentStart = start + reserved;
    int length = position - contentStart;
    int lengthBytes = varint32Size(length);
    if (lengthBytes != reserved) {
      int shift = lengthBytes - reserved;
      if (shift > 0) {
        ensure(shift);
      }
      System.arraycopy(buffer, contentStart, buffer, contentStart + shift, length);
      position += shift;
    }
    int end = position;
    position = start;
    putVarint32(length);
    position = end;
    return lengthBytes;
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
