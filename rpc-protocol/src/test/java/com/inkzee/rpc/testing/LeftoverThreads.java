package com.inkzee.rpc.testing;

import java.util.List;
import java.util.Set;

/**
 * Which of our threads (named {@code inkzee-...}) a failed start left running: a server that cannot
 * listen must stop the event loops and pools it had already started.
 */
public final class LeftoverThreads {
  private final Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());

  private LeftoverThreads() {}

  /** Notes the threads alive now; {@link #started} names those started after. */
  public static LeftoverThreads snapshot() {
    return new LeftoverThreads();
  }

  /**
   * The {@code inkzee-} threads started since the snapshot and still alive, once none is left or
   * after 5 s (a closed event loop's thread ends just after its termination future completes).
   */
  public List<String> started() throws InterruptedException {
    long until = System.nanoTime() + 5_000_000_000L;
    while (true) {
      List<String> left =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> !before.contains(t) && t.isAlive() && t.getName().startsWith("inkzee-"))
              .map(Thread::getName)
              .sorted()
              .toList();
      if (left.isEmpty() || System.nanoTime() > until) {
        return left;
      }
      Thread.sleep(50);
    }
  }
}
