package com.inkzee.rpc.runtime;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The two pieces every Inkzee server (RPC, XML-RPC, WebSub callbacks, admin, web) sets up the same
 * way: the bounded pool its blocking work runs on, and the bind that turns a busy port into one
 * clear error instead of a stray checked exception and threads left running.
 */
public final class ServerSockets {
  private ServerSockets() {}

  /**
   * A fixed pool of {@code threads} daemon threads named {@code threadName-N} with a queue of
   * {@code queueCapacity}; past that, {@code execute} throws {@link
   * java.util.concurrent.RejectedExecutionException} and the server answers "overloaded" at once
   * rather than queueing without bound. Idle threads end after {@code idleSeconds} (so an idle
   * service holds no handler threads); 0 keeps them.
   */
  public static ThreadPoolExecutor boundedPool(
      String threadName, int threads, int queueCapacity, int idleSeconds) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            Math.max(idleSeconds, 1),
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            new DefaultThreadFactory(threadName, true));
    pool.allowCoreThreadTimeOut(idleSeconds > 0);
    return pool;
  }

  /**
   * Binds {@code bootstrap} to {@code host:port} and returns the listening channel. When it cannot
   * listen (the port in use, an address not on this machine), runs {@code release} to stop the
   * server's threads and throws {@link IllegalStateException} "{@code cannotListen} host:port:
   * reason", the one line the service prints before it exits.
   */
  public static Channel bind(
      ServerBootstrap bootstrap, String host, int port, String cannotListen, Runnable release) {
    try {
      return bootstrap.bind(host, port).syncUninterruptibly().channel();
    } catch (Exception e) {
      // Exception, not RuntimeException: syncUninterruptibly() rethrows the bind failure as it
      // is, a checked java.net.BindException when the port is in use, which a RuntimeException
      // catch let through unwrapped (no address printed, exit 1, threads left running).
      release.run();
      throw new IllegalStateException(
          cannotListen + " " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }
}
