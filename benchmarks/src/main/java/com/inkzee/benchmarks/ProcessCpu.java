package com.inkzee.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * CPU time of this whole process (every thread: callers, clients, servers, JIT and GC), so a cell's
 * CPU per call covers both ends of the call when client and server share the process.
 */
final class ProcessCpu {
  private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

  private ProcessCpu() {}

  /** Process CPU nanoseconds so far, or -1 where the JVM does not publish them. */
  static long nanos() {
    if (OS instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return -1;
  }
}
