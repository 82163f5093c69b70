package com.inkzee.ops;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admin connection's pipeline, in order: connection cap, idle timeout, bounded HTTP/1.1
 * decoding, bounded body aggregation, then {@link AdminHandler}. The admin port serves probes and
 * scrapes only, so every limit is small.
 */
final class AdminChannelInitializer extends ChannelInitializer<SocketChannel> {
  /** Connections open at once: a few probes and scrapers; more are closed on accept. */
  static final int MAX_CONNECTIONS = 64;

  /** A connection that sends no complete request this long is closed. */
  static final int READ_TIMEOUT_SECONDS = 10;

  /** Longest request line ("GET /healthz HTTP/1.1"); beyond: 414. */
  static final int MAX_REQUEST_LINE_BYTES = 4096;

  /** Largest header block; beyond: 431. */
  static final int MAX_HEADER_BYTES = 8192;

  /** Largest body: these endpoints take none, so anything beyond a token amount is 413. */
  static final int MAX_BODY_BYTES = 1024;

  private final AdminHandler.Endpoints endpoints;
  private final AtomicInteger open = new AtomicInteger();

  AdminChannelInitializer(AdminHandler.Endpoints endpoints) {
    this.endpoints = endpoints;
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
        .addLast("idle", new ReadTimeoutHandler(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .addLast("http", new HttpServerCodec(MAX_REQUEST_LINE_BYTES, MAX_HEADER_BYTES, 8192))
        .addLast("body", new BoundedAggregator())
        .addLast("admin", new AdminHandler(endpoints));
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
