package com.inkzee.rpc.client;

import java.util.AbstractList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One tag whose reading blocks until released: holds a sender inside send(), while its request is
 * encoded, after it took a stream id.
 */
final class HeldTags extends AbstractList<String> {
  final CountDownLatch entered = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);

  @Override
  public String get(int index) {
    entered.countDown();
    try {
      release.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "t";
  }

  @Override
  public int size() {
    return 1;
  }
}
