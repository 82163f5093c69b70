package com.inkzee.web.http;

import com.inkzee.rpc.runtime.ReadGate;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline of one HTTP connection, after the connection cap (beyond it a new connection is
 * closed at once), in order: request deadline, read gate (one request in hand at a time), codec
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

  private static final Logger log = LoggerFactory.getLogger(WebChannelInitializer.class);

  private final RequestHandler app;
  private final Executor workers;
  private final ServerLimits limits;
  private final boolean hsts;
  private final RequestObserver observer;
  private final AtomicInteger open = new AtomicInteger();

  WebChannelInitializer(
      RequestHandler app,
      Executor workers,
      ServerLimits limits,
      boolean hsts,
      RequestObserver observer) {
    this.app = app;
    this.workers = workers;
    this.limits = limits;
    this.hsts = hsts;
    this.observer = observer;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    // Each connection may hold up to a body limit while its request arrives: the cap bounds
    // the memory all of them together can take, as the admin and RPC servers bound theirs.
    if (open.incrementAndGet() > limits.maxConnections()) {
      open.decrementAndGet();
      log.warn(
          "refusing {}: {} connections open, the limit (INKZEE_WEB_MAX_CONNECTIONS)",
          ch.remoteAddress(),
          limits.maxConnections());
      ch.close();
      return;
    }
    ch.closeFuture().addListener(f -> open.decrementAndGet());
    ChannelPipeline p = ch.pipeline();
    RequestDeadline deadline = new RequestDeadline(limits.requestDeadline(), hsts);
    ReadGate reading = new ReadGate();
    p.addLast("deadline", deadline);
    p.addLast("gate", reading);
    p.addLast("codec", new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, 8192));
    p.addLast("continue", new HttpServerExpectContinueHandler());
    p.addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS));
    p.addLast("aggregate", new BoundedAggregator(limits.maxBodyBytes(), hsts));
    p.addLast("dispatch", new RequestDispatcher(app, workers, hsts, observer, reading, deadline));
  }
}
