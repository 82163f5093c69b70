package com.inkzee.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a channel's event loop busy until closed (at most 20 s), so that nothing queued for it
 * (frames, writes, callbacks) runs meanwhile: how a test lines up what the loop will find when it
 * comes back.
 */
final class HeldEventLoop implements AutoCloseable {
  private final CountDownLatch release = new CountDownLatch(1);

  private HeldEventLoop() {}

  /** Returns once {@code channel}'s event loop is held. */
  static HeldEventLoop hold(Channel channel) throws InterruptedException {
    HeldEventLoop hold = new HeldEventLoop();
    CountDownLatch held = new CountDownLatch(1);
    channel
        .eventLoop()
        .execute(
            () -> {
              held.countDown();
              try {
                hold.release.await(20, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    assertThat(held.await(5, TimeUnit.SECONDS)).as("event loop held").isTrue();
    return hold;
  }

  /** Lets the event loop go on. */
  @Override
  public void close() {
    release.countDown();
  }
}
