package com.inkzee.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time by thread role (a transport's client I/O, server I/O, handlers...), read from each
 * thread's CPU clock, so a cell shows where a call's CPU goes and whether one thread is the
 * bottleneck: a role whose busiest thread is busy nearly all of the measured time bounds the
 * transport whatever the rest of the machine does (one connection's calls pass through one client
 * and one server I/O thread).
 */
final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** The role of threads that fit no transport's names. */
  static final String OTHER = "other";

  /** Roles in the order tables show them; a thread whose name fits none is {@link #OTHER}. */
  static final String[] ROLES = {
    "raw client I/O",
    "raw server I/O",
    "inkzee client I/O",
    "inkzee server I/O",
    "inkzee handlers",
    "inkzee timers",
    OTHER
  };

  private ThreadCpu() {}

  /** The role of a thread, from the names the transports give their threads. */
  static String role(String threadName) {
    if (threadName.startsWith("raw-client-io")) {
      return ROLES[0];
    }
    if (threadName.startsWith("raw-server-io")) {
      return ROLES[1];
    }
    if (threadName.startsWith("inkzee-deadlines")) {
      return ROLES[5];
    }
    if (threadName.startsWith("inkzee-")) {
      // inkzee-<service>-client-..., inkzee-<service>-io-..., inkzee-<service>-handler-...
      if (threadName.contains("-client-")) {
        return ROLES[2];
      }
      if (threadName.contains("-io-")) {
        return ROLES[3];
      }
      if (threadName.contains("-handler-")) {
        return ROLES[4];
      }
    }
    return ROLES[6];
  }

  /** Each live thread's CPU nanoseconds so far, by thread id, with its role. */
  static Snapshot snapshot() {
    Map<Long, long[]> cpu = new HashMap<>(); // id -> {nanos}
    Map<Long, String> roles = new HashMap<>();
    long[] ids = THREADS.getAllThreadIds();
    ThreadInfo[] infos = THREADS.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      if (infos[i] == null) {
        continue; // ended meanwhile
      }
      long nanos = THREADS.getThreadCpuTime(ids[i]);
      if (nanos >= 0) {
        cpu.put(ids[i], new long[] {nanos});
        roles.put(ids[i], role(infos[i].getThreadName()));
      }
    }
    return new Snapshot(cpu, roles);
  }

  /** CPU clocks of the threads alive at one instant. */
  static final class Snapshot {
    private final Map<Long, long[]> cpu;
    private final Map<Long, String> roles;

    private Snapshot(Map<Long, long[]> cpu, Map<Long, String> roles) {
      this.cpu = cpu;
      this.roles = roles;
    }

    /** What each role used since {@code before}: threads started meanwhile count from zero. */
    Usage since(Snapshot before) {
      Map<String, Long> total = new LinkedHashMap<>();
      Map<String, Long> busiest = new LinkedHashMap<>();
      for (Map.Entry<Long, long[]> e : cpu.entrySet()) {
        long[] earlier = before.cpu.get(e.getKey());
        long used = e.getValue()[0] - (earlier == null ? 0 : earlier[0]);
        String role = roles.get(e.getKey());
        total.merge(role, used, Long::sum);
        busiest.merge(role, used, Math::max);
      }
      return new Usage(total, busiest);
    }
  }

  /**
   * CPU used over a period, by role.
   *
   * @param nanos every thread of the role together
   * @param busiestNanos the role's busiest single thread
   */
  record Usage(Map<String, Long> nanos, Map<String, Long> busiestNanos) {
    static final Usage NONE = new Usage(Map.of(), Map.of());

    /** Two periods as one: totals added, and the busiest threads' times added too. */
    Usage plus(Usage other) {
      Map<String, Long> n = new LinkedHashMap<>(nanos);
      other.nanos.forEach((k, v) -> n.merge(k, v, Long::sum));
      Map<String, Long> b = new LinkedHashMap<>(busiestNanos);
      other.busiestNanos.forEach((k, v) -> b.merge(k, v, Long::sum));
      return new Usage(n, b);
    }

    long nanos(String role) {
      return nanos.getOrDefault(role, 0L);
    }

    long busiestNanos(String role) {
      return busiestNanos.getOrDefault(role, 0L);
    }
  }
}
