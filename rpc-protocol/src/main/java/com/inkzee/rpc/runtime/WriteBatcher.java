package com.inkzee.rpc.runtime;

import io.netty.channel.Channel;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands work from many threads to one channel's event loop in batches: callers enqueue, and only
 * the caller that finds the queue idle schedules a drain. Under load one wake-up of the event loop
 * carries many frames and ends in one flush, instead of a task and a syscall per frame (the same
 * idea as gRPC's WriteQueue).
 *
 * @param <T> what is handed over; {@code consumer} runs on the event loop for each item, then the
 *     channel is flushed once
 */
public final class WriteBatcher<T> implements Runnable {
  /** Items drained per task before yielding the event loop to its other channels. */
  private static final int MAX_PER_DRAIN = 512;

  private final Channel channel;
  private final Consumer<T> consumer;
  private final Consumer<T> discard;
  private final Queue<T> queue = PlatformDependent.newMpscQueue();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  /**
   * @param consumer handles an item on the event loop
   * @param discard releases an item that can no longer be handled (the event loop is gone)
   */
  public WriteBatcher(Channel channel, Consumer<T> consumer, Consumer<T> discard) {
    this.channel = channel;
    this.consumer = consumer;
    this.discard = discard;
  }

  /** The channel this batcher writes to. */
  public Channel channel() {
    return channel;
  }

  /** Queues an item; any thread. */
  public void enqueue(T item) {
    queue.offer(item);
    if (scheduled.compareAndSet(false, true)) {
      try {
        channel.eventLoop().execute(this);
      } catch (RejectedExecutionException e) {
        discardAll(); // shutting down: nothing will run the drain
      }
    }
  }

  /** Releases whatever is still queued; any thread, once the channel is closed. */
  public void discardAll() {
    T item;
    while ((item = queue.poll()) != null) {
      discard.accept(item);
    }
  }

  @Override
  public void run() {
    int n = 0;
    T item;
    while (n < MAX_PER_DRAIN && (item = queue.poll()) != null) {
      consumer.accept(item);
      n++;
    }
    if (n > 0) {
      channel.flush();
    }
    scheduled.set(false);
    // An item may have arrived after the last poll but before the flag was cleared.
    if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
      channel.eventLoop().execute(this);
    }
  }
}
