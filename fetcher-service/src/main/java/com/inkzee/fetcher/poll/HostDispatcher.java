package com.inkzee.fetcher.poll;

import com.inkzee.fetcher.schedule.HostBackoff;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs fetches with a global concurrency limit and a per-host one, without parking a thread per
 * waiting feed: a feed whose host is at its limit (or backing off after a 429) waits in that host's
 * lane, and the next one starts when a fetch of that host ends.
 *
 * <p>A waiting feed gives up at its {@code startBy} time (a little before its lease ends): it is
 * then dropped unreported, its lease expires in the store and the feed is offered again later,
 * which is cheaper and safer than fetching on a lease another fetcher may now hold.
 *
 * <p>Capacity is shared fairly: a host's feeds count towards it only up to the host's share ({@link
 * #WAITING_PER_CONNECTION} + 1 times {@code maxPerHost}). The store leases the most overdue feeds
 * whatever their host, so one host with two thousand overdue feeds once took every slot while only
 * {@code maxPerHost} of them ran, and no other host was leased. A host's feeds beyond its share
 * wait in its lane outside the capacity, up to {@code 4 × capacity} of them in all (memory stays
 * bounded); past that they are dropped like a feed that cannot start in time.
 */
final class HostDispatcher implements AutoCloseable {
  /** One feed to fetch: its host, the latest moment it may start, and the work. */
  record Task(String host, Instant startBy, Runnable work) {}

  /** Feeds of one host counted as waiting, per connection to it: enough to keep it busy. */
  static final int WAITING_PER_CONNECTION = 4;

  private final ExecutorService workers;
  private final ScheduledExecutorService timer;
  private final int maxPerHost;
  private final int capacity;
  private final int hostShare;
  private final int maxOverflow;
  private final HostBackoff backoff;
  private final Clock clock;
  private final Map<String, Lane> lanes = new HashMap<>(); // guarded by this
  private final LongAdder dropped = new LongAdder();
  private int outstanding; // running + waiting within each host's share; guarded by this
  private int overflow; // waiting beyond their host's share; guarded by this
  private boolean closed; // guarded by this

  /**
   * @param maxConcurrent fetches running at once, all hosts together (the worker threads)
   * @param maxPerHost fetches running at once against one host
   * @param capacity running plus waiting feeds; the poll loop leases no more than the room left
   */
  HostDispatcher(
      int maxConcurrent, int maxPerHost, int capacity, HostBackoff backoff, Clock clock) {
    if (maxConcurrent < 1 || maxPerHost < 1 || capacity < maxConcurrent) {
      throw new IllegalArgumentException(
          "need maxConcurrent >= 1, maxPerHost >= 1, capacity >= maxConcurrent: "
              + maxConcurrent
              + ", "
              + maxPerHost
              + ", "
              + capacity);
    }
    this.workers =
        Executors.newFixedThreadPool(maxConcurrent, new DefaultThreadFactory("inkzee-fetch", true));
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            new DefaultThreadFactory("inkzee-fetch-timer", true));
    this.maxPerHost = maxPerHost;
    this.capacity = capacity;
    this.hostShare = maxPerHost * (WAITING_PER_CONNECTION + 1);
    this.maxOverflow = capacity * 4;
    this.backoff = backoff;
    this.clock = clock;
  }

  /** Feeds that can still be taken: capacity minus those running or waiting. */
  synchronized int room() {
    return closed ? 0 : capacity - outstanding;
  }

  /** Waits until there is room (or {@code max} passes); returns the room. */
  synchronized int awaitRoom(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!closed && outstanding >= capacity) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return room();
  }

  /** A snapshot of what runs and waits, for the backlog gauges. */
  synchronized FetchBacklog backlog() {
    int running = 0;
    int waiting = 0;
    for (Lane lane : lanes.values()) {
      running += lane.running;
      waiting += lane.waiting.size();
    }
    return new FetchBacklog(running, waiting, lanes.size());
  }

  /** Feeds given up because they could not start before their lease ran out. */
  long dropped() {
    return dropped.sum();
  }

  /**
   * Takes the task, or refuses it (false) when full or closed. A task of a host past its share is
   * taken outside the capacity, or dropped (taken, never run) when the overflow is full too.
   */
  synchronized boolean submit(Task task) {
    if (closed) {
      return false;
    }
    Lane lane = lanes.get(task.host());
    if (lane != null && lane.size() >= hostShare) {
      if (overflow >= maxOverflow) {
        dropped.increment(); // the lease expires and the store offers the feed again
        return true;
      }
      overflow++;
    } else if (outstanding >= capacity) {
      return false;
    } else {
      outstanding++;
    }
    lane = lanes.computeIfAbsent(task.host(), Lane::new);
    lane.waiting.add(task);
    pump(lane);
    return true;
  }

  /** A task of {@code lane} leaves it (call before it is removed); guarded by this. */
  private void leave(Lane lane) {
    if (lane.size() > hostShare) {
      overflow--;
    } else {
      outstanding--;
    }
    notifyAll();
  }

  /** Starts what the lane may start now; guarded by this. */
  private void pump(Lane lane) {
    Instant now = clock.instant();
    Instant notBefore = backoff.notBefore(lane.host);
    while (lane.running < maxPerHost && !lane.waiting.isEmpty()) {
      Task next = lane.waiting.peek();
      if (next.startBy().isBefore(now) || next.startBy().isBefore(notBefore)) {
        leave(lane);
        lane.waiting.poll(); // it could not start while its lease lasts: let the lease expire
        dropped.increment();
        continue;
      }
      if (notBefore.isAfter(now)) {
        wakeAt(lane, notBefore, now); // the host asked us to slow down
        break;
      }
      lane.waiting.poll();
      lane.running++;
      workers.execute(() -> run(lane, next));
    }
    if (lane.running == 0 && lane.waiting.isEmpty() && !lane.wakeScheduled) {
      lanes.remove(lane.host);
    }
  }

  private void wakeAt(Lane lane, Instant at, Instant now) {
    if (lane.wakeScheduled) {
      return;
    }
    lane.wakeScheduled = true;
    long delayMillis = Math.max(1, Duration.between(now, at).toMillis());
    timer.schedule(
        () -> {
          synchronized (this) {
            lane.wakeScheduled = false;
            if (!closed) {
              pump(lane);
            }
          }
        },
        delayMillis,
        TimeUnit.MILLISECONDS);
  }

  private void run(Lane lane, Task task) {
    try {
      task.work().run();
    } finally {
      synchronized (this) {
        leave(lane);
        lane.running--;
        if (!closed) {
          pump(lane);
        }
      }
    }
  }

  /**
   * Stops taking work, drops what waits, and lets running fetches finish (and report) for up to
   * {@code grace}.
   */
  boolean shutdown(Duration grace) throws InterruptedException {
    synchronized (this) {
      closed = true;
      outstanding = 0;
      overflow = 0;
      for (Lane lane : lanes.values()) {
        lane.waiting.clear();
        outstanding += lane.running; // running never exceeds maxPerHost, within the share
      }
      notifyAll();
    }
    timer.shutdownNow();
    workers.shutdown();
    return workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    try {
      if (!shutdown(Duration.ZERO)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** One host's waiting feeds and how many of its fetches run. */
  private static final class Lane {
    final String host;
    final ArrayDeque<Task> waiting = new ArrayDeque<>();
    int running;
    boolean wakeScheduled;

    Lane(String host) {
      this.host = host;
    }

    int size() {
      return running + waiting.size();
    }
  }
}
