package com.inkzee.rpc.runtime;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The one timer behind every call deadline in the process, client and server side.
 *
 * <p>A hashed wheel makes arming and cancelling a deadline O(1) and free of thread wake-ups, which
 * matters at hundreds of thousands of calls a second: a task scheduled per call on an event loop
 * wakes that loop for every call made from another thread. The price is precision: deadlines fire
 * up to one tick ({@value #TICK_MILLIS} ms) late, well inside the ±10 % promised for deadlines of
 * 100 ms and more.
 */
public final class DeadlineTimer {
  public static final int TICK_MILLIS = 5;

  private static final Timer TIMER =
      new HashedWheelTimer(
          new DefaultThreadFactory("inkzee-deadlines", true),
          TICK_MILLIS,
          TimeUnit.MILLISECONDS,
          512);

  private DeadlineTimer() {}

  /** Runs {@code task} (on the timer's thread: keep it short) after {@code delayNanos}. */
  public static Timeout schedule(Runnable task, long delayNanos) {
    return TIMER.newTimeout(t -> task.run(), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
  }
}
