package com.inkzee.rpc.hostile;

import io.netty.buffer.PooledByteBufAllocator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap and Netty buffer-pool measurements for the attack and connection-count tests. */
final class Memory {
  static final long MIB = 1024 * 1024;
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private Memory() {}

  /**
   * Used heap after full collections: what is still reachable, not garbage waiting to be collected.
   * {@code System.gc()} is a request, so it is repeated until the figure settles.
   */
  static long usedHeapAfterGc() {
    long previous = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      long used = MEMORY.getHeapMemoryUsage().getUsed();
      if (Math.abs(previous - used) < MIB) {
        return used;
      }
      previous = used;
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return previous;
  }

  /**
   * Memory Netty's default pooled allocator holds (direct and heap arenas): where the server keeps
   * frames being read, outside the Java heap.
   */
  static long nettyPooledBytes() {
    var metric = PooledByteBufAllocator.DEFAULT.metric();
    return metric.usedDirectMemory() + metric.usedHeapMemory();
  }

  static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / (double) MIB);
  }
}
