package com.inkzee.web.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.Executor;

/**
 * The pipeline of one HTTP connection, in order: read gate (one request in hand at a time), codec
 * (request line and headers bounded), {@code Expect: 100-continue}, idle timeout, body aggregation
 * (bounded, 413 beyond), dispatch to the workers.
 */
final class WebChannelInitializer extends ChannelInitializer<SocketChannel> {
  /** Request line: a URL with a long river cursor fits; anything longer is not ours. */
  static final int MAX_INITIAL_LINE_BYTES = 8 * 1024;

  /** All headers together: a browser's cookies and client hints fit several times over. */
  static final int MAX_HEADER_BYTES = 16 * 1024;

  /**
   * A connection silent this long is closed (slow-loris clients hold nothing for long). Longer than
   * the slowest call behind a request (an OPML import through the fetcher, 2 minutes), which also
   * leaves the connection silent while it runs.
   */
  static final int IDLE_SECONDS = 150;

  private final RequestHandler app;
  private final Executor workers;
  private final int maxBodyBytes;
  private final boolean hsts;
  private final RequestObserver observer;

  WebChannelInitializer(
      RequestHandler app,
      Executor workers,
      int maxBodyBytes,
      boolean hsts,
      RequestObserver observer) {
    this.app = app;
    this.workers = workers;
    this.maxBodyBytes = maxBodyBytes;
    this.hsts = hsts;
    this.observer = observer;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    ReadGate reading = new ReadGate();
    p.addLast("gate", reading);
    p.addLast("codec", new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, 8192));
    p.addLast("continue", new HttpServerExpectContinueHandler());
    p.addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS));
    p.addLast("aggregate", new BoundedAggregator(maxBodyBytes, hsts));
    p.addLast("dispatch", new RequestDispatcher(app, workers, hsts, observer, reading));
  }
}
