package com.inkzee.benchmarks;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A plain Netty client with one connection on which many callers' frames are in flight at once,
 * like an Inkzee RPC client's connection, but matching answers to calls by order instead of by
 * stream id: one TCP connection and an in-order server keep them in order.
 *
 * <p>Its pipeline mirrors the Inkzee client's (flush batching, length framing) minus the RPC layer,
 * and it counts the bytes it sends and receives so the bytes per call are measured.
 */
final class RawEchoClient implements AutoCloseable {
  private final EventLoopGroup group;
  private final Channel channel;
  private final Counter counter = new Counter();

  private RawEchoClient(int port) {
    // As many I/O threads as an Inkzee client gets by default.
    group =
        new NioEventLoopGroup(
            Math.min(2, Runtime.getRuntime().availableProcessors()),
            new DefaultThreadFactory("raw-client-io", true));
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3_000)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(counter)
                        .addLast(new FlushConsolidationHandler(256, true))
                        .addLast(
                            new LengthFieldBasedFrameDecoder(
                                RawEchoServer.MAX_FRAME_BYTES + 4, 0, 4, 0, 4))
                        .addLast(new LengthFieldPrepender(4))
                        .addLast(new InOrderCalls());
                  }
                });
    try {
      channel = bootstrap.connect("127.0.0.1", port).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      throw e;
    }
  }

  static RawEchoClient connect(int port) {
    return new RawEchoClient(port);
  }

  /**
   * Sends one frame body (the length prefix is added here) and completes when the answering frame
   * arrives. Safe from any thread.
   */
  CompletableFuture<Void> call(ByteBuf body) {
    CompletableFuture<Void> answer = new CompletableFuture<>();
    channel.writeAndFlush(new Call(body, answer), channel.voidPromise());
    return answer;
  }

  /** Bytes written plus read per answered call, length prefixes included. */
  double wireBytesPerCall() {
    long answered = counter.answered;
    return answered == 0 ? 0 : (double) (counter.written + counter.read) / answered;
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** A frame body on its way out, with the future its answer completes. */
  private record Call(ByteBuf body, CompletableFuture<Void> answer) {}

  /**
   * Queues each call's future as its frame enters the pipeline on the event loop. Writes reach the
   * socket in exactly that order, so the n-th answer belongs to the n-th queued call, whichever
   * thread made it.
   */
  private final class InOrderCalls extends ChannelDuplexHandler {
    private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof Call call) {
        waiting.add(call.answer());
        ctx.write(call.body(), promise);
      } else {
        ctx.write(msg, promise);
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      CompletableFuture<Void> answer = waiting.poll();
      if (answer == null) {
        ctx.close(); // an answer nobody asked for: the stream is out of step
        return;
      }
      counter.answered++;
      answer.complete(null);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      IOException lost = new IOException("raw connection closed");
      CompletableFuture<Void> answer;
      while ((answer = waiting.poll()) != null) {
        answer.completeExceptionally(lost);
      }
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /**
   * Counts bytes at the socket end of the pipeline. Plain fields, written on the event loop only:
   * they are read after the last answer, whose future completion orders the reads after the writes.
   */
  private static final class Counter extends ChannelDuplexHandler {
    long written;
    long read;
    long answered;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf b) {
        read += b.readableBytes();
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof ByteBuf b) {
        written += b.readableBytes();
      }
      ctx.write(msg, promise);
    }
  }
}
