package com.inkzee.ops;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin connection's pipeline, in order: connection cap, bounded HTTP/1.1 decoding, bounded
 * body aggregation, request deadline, then {@link AdminHandler}. The admin port serves probes and
 * scrapes only, so every limit is small.
 */
final class AdminChannelInitializer extends ChannelInitializer<SocketChannel> {
  /** Connections open at once: a few probes and scrapers; more are closed on accept. */
  static final int MAX_CONNECTIONS = 64;

  /**
   * A connection that has not sent a complete request this long after it was accepted is closed; so
   * is one whose answer is not written this long after its request arrived.
   */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Longest request line ("GET /healthz HTTP/1.1"); beyond: 414. */
  static final int MAX_REQUEST_LINE_BYTES = 4096;

  /** Largest header block; beyond: 431. */
  static final int MAX_HEADER_BYTES = 8192;

  /** Largest body: these endpoints take none, so anything beyond a token amount is 413. */
  static final int MAX_BODY_BYTES = 1024;

  private final AdminHandler.Endpoints endpoints;
  private final long requestTimeoutNanos;
  private final AtomicInteger open = new AtomicInteger();

  AdminChannelInitializer(AdminHandler.Endpoints endpoints, Duration requestTimeout) {
    this.endpoints = endpoints;
    this.requestTimeoutNanos = requestTimeout.toNanos();
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    if (open.incrementAndGet() > MAX_CONNECTIONS) {
      open.decrementAndGet();
      ch.close();
      return;
    }
    ch.closeFuture().addListener(f -> open.decrementAndGet());
    ch.pipeline()
        .addLast("http", new HttpServerCodec(MAX_REQUEST_LINE_BYTES, MAX_HEADER_BYTES, 8192))
        .addLast("body", new BoundedAggregator())
        .addLast("deadline", new RequestDeadline(requestTimeoutNanos))
        .addLast("admin", new AdminHandler(endpoints));
  }

  /**
   * Closes a connection whose request has not fully arrived within the timeout of its accept, and
   * one whose answer is not out within the timeout of its request.
   *
   * <p>A deadline from accept, not an idle timer: Netty's ReadTimeoutHandler restarts on every
   * read, so a client trickling one byte every few seconds was never timed out, and 64 of them held
   * every connection slot for good, the container healthcheck's among them (closed on accept).
   */
  private static final class RequestDeadline extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RequestDeadline.class);
    private final long timeoutNanos;
    private ScheduledFuture<?> deadline; // event loop only

    RequestDeadline(long timeoutNanos) {
      this.timeoutNanos = timeoutNanos;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      arm(ctx, "no complete request");
      super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      if (msg instanceof FullHttpRequest) {
        arm(ctx, "no answer"); // the request is in: now the answer has as long
      }
      super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      cancel();
      super.channelInactive(ctx);
    }

    private void arm(ChannelHandlerContext ctx, String what) {
      cancel();
      deadline =
          ctx.executor()
              .schedule(
                  () -> {
                    log.debug(
                        "admin connection {}: {} within {} ms; closing",
                        ctx.channel().remoteAddress(),
                        what,
                        TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
                    ctx.close();
                  },
                  timeoutNanos,
                  TimeUnit.NANOSECONDS);
    }

    private void cancel() {
      if (deadline != null) {
        deadline.cancel(false);
        deadline = null;
      }
    }
  }

  /**
   * Aggregates a request's body up to {@link #MAX_BODY_BYTES}; a larger one is answered 413 and the
   * connection closed at once (Netty's default keeps a keep-alive connection open, reading and
   * discarding the rest of the body).
   */
  private static final class BoundedAggregator extends HttpObjectAggregator {
    BoundedAggregator() {
      super(MAX_BODY_BYTES);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
