package com.inkzee.benchmarks;

import com.inkzee.benchmarks.BenchMessages.BenchEntry;
import com.inkzee.benchmarks.BenchMessages.RiverPage;
import com.inkzee.rpc.catalogue.MessageCodec;
import com.inkzee.rpc.serial.WireOutput;
import com.inkzee.rpc.wire.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Times {@link MessageCodec} encode and decode of one river page ({@link
 * BenchMessages#riverPage()}, about 22 KB) on one thread, without JMH: warm up, then several timed
 * rounds, printing the median and best µs/op of each operation, and the floor any codec that hands
 * over Java objects pays: the page's strings alone, to UTF-8 and back.
 *
 * <p>It prints a CRC of the encoded bytes, so a run against an older build shows whether the wire
 * bytes stayed identical. To compare before and after, run both builds' jars alternately on the
 * same machine (it is noisy): {@code java -cp benchmarks.jar
 * com.inkzee.benchmarks.CodecMicroBenchmark [rounds] [millisPerRound]}.
 */
public final class CodecMicroBenchmark {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static volatile Object sink;

  private CodecMicroBenchmark() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    long roundMillis = args.length > 1 ? Long.parseLong(args[1]) : 500;
    MessageCodec codec = new MessageCodec(BenchCatalogue.get(), WireFormat.DEFAULT_MAX_FRAME_BYTES);
    RiverPage page = BenchMessages.riverPage();
    byte[] bytes = codec.encodeToBytes(page);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    if (!page.equals(codec.decode(bytes, 0, bytes.length, RiverPage.class))) {
      throw new AssertionError("the river page does not survive a round trip");
    }
    ByteBuf direct = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
    System.out.printf(
        "river page: %d bytes, crc32 %08x, %d rounds of %d ms%n",
        bytes.length, crc.getValue(), rounds, roundMillis);

    Op encode =
        n -> {
          int acc = 0;
          for (int i = 0; i < n; i++) {
            WireOutput out = codec.encode(page);
            acc += out.position();
          }
          sink = acc;
        };
    Op decodeHeap =
        n -> {
          Object last = null;
          for (int i = 0; i < n; i++) {
            last = codec.decode(bytes, 0, bytes.length, RiverPage.class);
          }
          sink = last;
        };
    Op decodeDirect =
        n -> {
          Object last = null;
          for (int i = 0; i < n; i++) {
            last = codec.decode(direct, RiverPage.class);
          }
          sink = last;
        };

    // The floor of any codec that hands over Java objects: only the page's strings turned into
    // UTF-8 bytes in a buffer, and back into Strings. No tags, lengths, numbers, lists or records.
    String[] strings = strings(page);
    int[] lengths = new int[strings.length];
    byte[] scratch = new byte[bytes.length * 2];
    Op floorEncode =
        n -> {
          int acc = 0;
          for (int i = 0; i < n; i++) {
            int p = 0;
            for (int k = 0; k < strings.length; k++) {
              byte[] b = strings[k].getBytes(StandardCharsets.UTF_8);
              System.arraycopy(b, 0, scratch, p, b.length);
              lengths[k] = b.length;
              p += b.length;
            }
            acc += p;
          }
          sink = acc;
        };
    floorEncode.run(1);
    Op floorDecode =
        n -> {
          Object last = null;
          for (int i = 0; i < n; i++) {
            int p = 0;
            for (int length : lengths) {
              last = new String(scratch, p, length, StandardCharsets.UTF_8);
              p += length;
            }
          }
          sink = last;
        };

    // Warm-up: every path until C2 has compiled it.
    Op[] ops = {encode, decodeHeap, decodeDirect, floorEncode, floorDecode};
    for (int w = 0; w < 3; w++) {
      for (Op op : ops) {
        timeRound(op, roundMillis);
      }
    }
    double[][] micros = new double[ops.length][rounds];
    for (int r = 0; r < rounds; r++) { // interleaved, so a noisy moment hits all alike
      for (int o = 0; o < ops.length; o++) {
        micros[o][r] = timeRound(ops[o], roundMillis);
      }
    }
    report("encode", micros[0]);
    report("decode (heap byte[])", micros[1]);
    report("decode (direct ByteBuf)", micros[2]);
    System.out.printf("floor, the page's %d strings alone:%n", strings.length);
    report("  String -> UTF-8", micros[3]);
    report("  UTF-8 -> String", micros[4]);
    direct.release();
  }

  /** Every string the page carries, in wire order. */
  private static String[] strings(RiverPage page) {
    List<String> out = new ArrayList<>();
    for (BenchEntry e : page.entries()) {
      out.addAll(List.of(e.title(), e.url(), e.feedTitle(), e.author(), e.summary()));
      out.addAll(e.categories());
    }
    out.add(page.nextCursor());
    return out.toArray(String[]::new);
  }

  @FunctionalInterface
  private interface Op {
    void run(int n);
  }

  /**
   * Runs {@code op} in batches for about {@code millis}; returns this thread's CPU µs per operation
   * (CPU time, not wall time, so that time spent descheduled on a shared machine does not count).
   */
  private static double timeRound(Op op, long millis) {
    int batch = 64;
    long deadline = System.nanoTime() + millis * 1_000_000L;
    long ops = 0;
    long start = THREADS.getCurrentThreadCpuTime();
    do {
      op.run(batch);
      ops += batch;
    } while (System.nanoTime() < deadline);
    return (THREADS.getCurrentThreadCpuTime() - start) / 1000.0 / ops;
  }

  private static void report(String what, double[] micros) {
    double[] sorted = micros.clone();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    System.out.printf(
        "%-24s median %7.2f CPU µs/op   best %7.2f µs/op   worst %7.2f µs/op%n",
        what, median, sorted[0], sorted[sorted.length - 1]);
  }
}
