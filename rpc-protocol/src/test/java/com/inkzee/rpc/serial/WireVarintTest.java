package com.inkzee.rpc.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Varints read the same on {@link WireInput}'s fast paths (one or two bytes, or a whole varint64
 * known to lie inside the region) as on its byte-by-byte path near the end of a region, and never
 * read past the region's limit.
 */
class WireVarintTest {
  private static final int[] INTS = {
    0,
    1,
    127,
    128,
    255,
    300,
    16_383,
    16_384,
    2_097_151,
    2_097_152,
    268_435_455,
    268_435_456,
    Integer.MAX_VALUE,
    -1,
    Integer.MIN_VALUE
  };

  private static final long[] LONGS = {
    0,
    1,
    127,
    128,
    16_383,
    16_384,
    1L << 35,
    (1L << 49) - 1,
    1L << 56,
    Long.MAX_VALUE,
    -1,
    Long.MIN_VALUE
  };

  /** Padding after the varint that puts it in the middle of a region (the fast paths). */
  private static final int PAD = 12;

  @Test
  void int32ReadsBackInTheMiddleAndAtTheEndOfARegion() {
    for (int v : INTS) {
      byte[] alone = varint32(v);
      assertThat(readInt(alone, 0)).as("%d at the end", v).isEqualTo(v);
      assertThat(readInt(alone, PAD)).as("%d in the middle", v).isEqualTo(v);
    }
  }

  @Test
  void int64ReadsBackInTheMiddleAndAtTheEndOfARegion() {
    for (long v : LONGS) {
      byte[] alone = varint64(v);
      assertThat(readLong(alone, 0)).as("%d at the end", v).isEqualTo(v);
      assertThat(readLong(alone, PAD)).as("%d in the middle", v).isEqualTo(v);
    }
  }

  @Test
  void randomValuesAgreeOnEveryPath() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      int small = random.nextInt() >>> random.nextInt(32); // all sizes, negatives at shift 0
      long wide = random.nextLong() >>> random.nextInt(64);
      for (int pad : new int[] {0, 1, PAD}) {
        assertThat(readInt(varint32(small), pad)).isEqualTo(small);
        assertThat(readLong(varint64(wide), pad)).isEqualTo(wide);
      }
    }
  }

  @Test
  void aVarintCutByTheRegionLimitIsTruncatedNotReadPastIt() {
    byte[] twoBytes = varint32(300); // 0xAC 0x02
    byte[] buffer = Arrays.copyOf(twoBytes, 16); // bytes past the limit are there, but not ours
    WireInput in = new WireInput(buffer, 0, 1, WireLimits.DEFAULT);
    assertThatThrownBy(in::readVarint32)
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("truncated");

    byte[] wide = varint64(Long.MAX_VALUE); // nine bytes
    byte[] widePadded = Arrays.copyOf(wide, 32);
    WireInput in64 = new WireInput(widePadded, 0, wide.length - 1, WireLimits.DEFAULT);
    assertThatThrownBy(in64::readVarint64)
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void overlongVarintsAreRefusedOnBothPaths() {
    byte[] eleven = new byte[11];
    Arrays.fill(eleven, (byte) 0x80);
    eleven[10] = 0;
    assertThatThrownBy(() -> readLong(eleven, 0))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("longer than 10 bytes");
    assertThatThrownBy(() -> readLong(eleven, PAD))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("longer than 10 bytes");

    byte[] six = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0};
    assertThatThrownBy(() -> readInt(six, 0))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("longer than 5 bytes");
    assertThatThrownBy(() -> readInt(six, PAD))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("longer than 5 bytes");
  }

  @Test
  void aReadLeavesThePositionJustPastTheVarint() {
    for (int v : INTS) {
      byte[] bytes = varint32(v);
      WireInput in =
          new WireInput(
              Arrays.copyOf(bytes, bytes.length + PAD), 0, bytes.length + 1, WireLimits.DEFAULT);
      in.readVarint32();
      assertThat(in.remaining()).as("after %d", v).isEqualTo(1);
    }
    for (long v : LONGS) {
      byte[] bytes = varint64(v);
      WireInput in =
          new WireInput(
              Arrays.copyOf(bytes, bytes.length + PAD), 0, bytes.length + PAD, WireLimits.DEFAULT);
      in.readVarint64();
      assertThat(in.remaining()).as("after %d", v).isEqualTo(PAD);
    }
  }

  private static int readInt(byte[] varint, int pad) {
    WireInput in =
        new WireInput(
            Arrays.copyOf(varint, varint.length + pad), 0, varint.length + pad, WireLimits.DEFAULT);
    return in.readVarint32();
  }

  private static long readLong(byte[] varint, int pad) {
    WireInput in =
        new WireInput(
            Arrays.copyOf(varint, varint.length + pad), 0, varint.length + pad, WireLimits.DEFAULT);
    return in.readVarint64();
  }

  private static byte[] varint32(int v) {
    WireOutput out = new WireOutput(16, 16);
    out.writeVarint32(v);
    return out.toBytes();
  }

  private static byte[] varint64(long v) {
    WireOutput out = new WireOutput(16, 16);
    out.writeVarint64(v);
    return out.toBytes();
  }
}
