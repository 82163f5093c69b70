package com.inkzee.rpc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ServerSocketsTest {
  @Test
  void aPortInUseIsOneClearErrorAndTheServersThreadsAreReleased() throws Exception {
    EventLoopGroup group = new NioEventLoopGroup(1);
    AtomicInteger released = new AtomicInteger();
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      ServerBootstrap bootstrap =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(new ChannelInboundHandlerAdapter());
      int port = taken.getLocalPort();
      assertThatThrownBy(
              () ->
                  ServerSockets.bind(
                      bootstrap,
                      "127.0.0.1",
                      port,
                      "cannot listen for tests on",
                      released::incrementAndGet))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("cannot listen for tests on 127.0.0.1:" + port + ": ")
          .hasCauseInstanceOf(java.net.BindException.class);
      assertThat(released).hasValue(1);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void aFreePortIsBoundAndNothingIsReleased() {
    EventLoopGroup group = new NioEventLoopGroup(1);
    AtomicInteger released = new AtomicInteger();
    try {
      Channel listener =
          ServerSockets.bind(
              new ServerBootstrap()
                  .group(group)
                  .channel(NioServerSocketChannel.class)
                  .childHandler(new ChannelInboundHandlerAdapter()),
              "127.0.0.1",
              0,
              "cannot listen on",
              released::incrementAndGet);
      assertThat(((InetSocketAddress) listener.localAddress()).getPort()).isPositive();
      assertThat(released).hasValue(0);
      listener.close().syncUninterruptibly();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void thePoolRefusesWorkBeyondItsThreadsAndQueueInsteadOfQueueingWithoutBound() throws Exception {
    ThreadPoolExecutor pool = ServerSockets.boundedPool("pool-test", 2, 3, 60);
    CountDownLatch hold = new CountDownLatch(1);
    AtomicReference<String> threadName = new AtomicReference<>();
    try {
      for (int i = 0; i < 5; i++) { // 2 running, 3 queued
        pool.execute(
            () -> {
              threadName.compareAndSet(null, Thread.currentThread().getName());
              try {
                hold.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
      }
      assertThatThrownBy(() -> pool.execute(() -> {}))
          .isInstanceOf(RejectedExecutionException.class);
      assertThat(pool.allowsCoreThreadTimeOut()).isTrue();
      assertThat(pool.getKeepAliveTime(TimeUnit.SECONDS)).isEqualTo(60);
    } finally {
      hold.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(threadName.get()).startsWith("pool-test-");
    ThreadPoolExecutor kept = ServerSockets.boundedPool("kept", 1, 1, 0);
    assertThat(kept.allowsCoreThreadTimeOut()).isFalse();
    kept.shutdown();
  }
}
