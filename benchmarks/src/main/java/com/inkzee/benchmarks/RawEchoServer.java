package com.inkzee.benchmarks;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A plain Netty server for length-prefixed frames that answers on the event loop with no decoding
 * at all: the most this machine can do per frame, the baseline Inkzee RPC is compared with.
 *
 * <p>It echoes each frame, or, given a fixed reply, answers every frame with that reply (a river
 * page pre-encoded by Inkzee's own encoder). Replies are written as frames arrive and flushed once
 * per read batch, the usual pattern for a fast Netty server.
 */
final class RawEchoServer implements AutoCloseable {
  /** Frames above this are refused; a river page is about 20 KB. */
  static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel listener;

  private RawEchoServer(ByteBuf fixedReply) {
    boss = new NioEventLoopGroup(1, new DefaultThreadFactory("raw-accept", true));
    // As many I/O threads as an Inkzee server gets by default.
    workers =
        new NioEventLoopGroup(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            new DefaultThreadFactory("raw-server-io", true));
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME_BYTES + 4, 0, 4, 0, 4))
                        .addLast(new LengthFieldPrepender(4))
                        .addLast(new Answerer(fixedReply));
                  }
                });
    try {
      listener = bootstrap.bind("127.0.0.1", 0).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      shutdown();
      throw e;
    }
  }

  /**
   * Starts a server on a free loopback port.
   *
   * @param fixedReply the frame body to answer every frame with, or null to echo each frame
   */
  static RawEchoServer start(ByteBuf fixedReply) {
    return new RawEchoServer(fixedReply);
  }

  int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  @Override
  public void close() {
    listener.close().syncUninterruptibly();
    shutdown();
  }

  private void shutdown() {
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Answers each frame; one per connection, so it needs no synchronisation. */
  private static final class Answerer extends ChannelInboundHandlerAdapter {
    private final ByteBuf fixedReply;

    Answerer(ByteBuf fixedReply) {
      this.fixedReply = fixedReply;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (fixedReply == null) {
        ctx.write(msg, ctx.voidPromise()); // the frame itself goes back: no copy
      } else {
        ReferenceCountUtil.release(msg);
        ctx.write(fixedReply.duplicate(), ctx.voidPromise());
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
