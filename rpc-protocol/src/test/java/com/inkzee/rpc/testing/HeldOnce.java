package com.inkzee.rpc.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real service with one call held: once {@link #holdNext} is set, the next call of the named
 * method runs for real, then waits (at most 10 s) for {@link #release} before returning its answer.
 * How a test stands a thread between a store's or ranker's answer and what its caller does next.
 *
 * @param <S> the service interface
 */
public final class HeldOnce<S> {
  public final AtomicBoolean holdNext = new AtomicBoolean();

  /** Counted down when the held call has its answer and waits. */
  public final CountDownLatch reached = new CountDownLatch(1);

  public final CountDownLatch release = new CountDownLatch(1);

  private final S service;

  public HeldOnce(Class<S> type, S real, String methodName) {
    this.service =
        type.cast(
            Proxy.newProxyInstance(
                type.getClassLoader(),
                new Class<?>[] {type},
                (proxy, method, args) -> {
                  Object result;
                  try {
                    result = method.invoke(real, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                  if (method.getName().equals(methodName) && holdNext.compareAndSet(true, false)) {
                    reached.countDown();
                    release.await(10, TimeUnit.SECONDS);
                  }
                  return result;
                }));
  }

  /** The service, with the call held as above. */
  public S service() {
    return service;
  }
}
