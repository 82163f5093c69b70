package com.inkzee.web.http;

import com.inkzee.rpc.runtime.ReadGate;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each complete request to the worker pool (the application blocks on RPC, which must never
 * happen on an event loop) and writes the answer back on the connection's event loop. A request
 * Netty could not parse, or whose URL is not validly percent-encoded, is answered 400; a full pool
 * 503.
 *
 * <p>One request per connection is in hand at a time, from its dispatch until its answer has been
 * written to the socket: reading stops meanwhile ({@link ReadGate}), and requests that one socket
 * read had already brought in (pipelining) wait here, in order. So pipelined requests are answered
 * in the order they were sent, which HTTP/1.1 requires (Netty's codec also pairs each answer with
 * the method of the request it takes to be answered, to leave out a HEAD answer's body); one
 * connection holds at most one worker; and a client that does not read its answers stops being
 * read.
 */
final class RequestDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

  static final String BAD_URL_ENCODING =
      "the URL is not validly percent-encoded: a % must be followed by two hex digits (%25 for %"
          + " itself)";

  private final RequestHandler app;
  private final Executor workers;
  private final boolean hsts;
  private final RequestObserver observer;
  private final ReadGate reading;
  private final RequestDeadline deadline;
  // Pipelined requests decoded while one was in hand: at most what one socket read delivered.
  private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>(); // event loop only
  private boolean inHand; // a request is being served or its answer written. Event loop only.

  RequestDispatcher(
      RequestHandler app,
      Executor workers,
      boolean hsts,
      RequestObserver observer,
      ReadGate reading,
      RequestDeadline deadline) {
    this.app = app;
    this.workers = workers;
    this.hsts = hsts;
    this.observer = observer;
    this.reading = reading;
    this.deadline = deadline;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
    deadline.requestComplete();
    if (inHand || !waiting.isEmpty()) {
      waiting.add(msg.retain()); // answered in its turn, after the one in hand
      return;
    }
    handle(ctx, msg);
  }

  /** Takes the next waiting request once the previous answer is written, or reads on. */
  private void next(ChannelHandlerContext ctx) {
    inHand = false;
    if (!ctx.channel().isActive()) {
      dropWaiting();
      return;
    }
    FullHttpRequest msg = waiting.poll();
    if (msg == null) {
      reading.open(ctx.channel());
      return;
    }
    try {
      handle(ctx, msg);
    } finally {
      msg.release();
    }
  }

  private void handle(ChannelHandlerContext ctx, FullHttpRequest msg) {
    inHand = true;
    reading.shut(ctx.channel());
    long started = System.nanoTime();
    String method = msg.method().name();
    boolean keepAlive = HttpUtil.isKeepAlive(msg);
    if (msg.decoderResult().isFailure()) {
      observer.requestEnded(method, null, 400, System.nanoTime() - started);
      answer(ctx, error(400, "bad_request", "malformed HTTP request"), false, false);
      return;
    }
    WebRequest request;
    try {
      // QueryStringDecoder decodes lazily: path() and parameters() are where a bad escape throws.
      QueryStringDecoder uri = new QueryStringDecoder(msg.uri());
      request =
          new WebRequest(
              method,
              uri.path(),
              uri.parameters(),
              msg.headers().copy(),
              ByteBufUtil.getBytes(msg.content()));
    } catch (IllegalArgumentException e) {
      // A "%" not followed by two hex digits (%zz, or a trailing %). The request was read
      // whole, so the connection stays usable. Netty's message quotes the URL: not echoed here.
      observer.requestEnded(method, null, 400, System.nanoTime() - started);
      answer(ctx, error(400, "bad_request", BAD_URL_ENCODING), keepAlive, true);
      return;
    }
    try {
      workers.execute(
          () -> {
            WebResponse response;
            try {
              response = app.handle(request);
            } catch (RuntimeException e) {
              log.error("{} {} failed", request.method(), request.path(), e);
              response = error(500, "internal", "internal error");
            }
            WebResponse r = response;
            ctx.executor()
                .execute(
                    () -> {
                      // Observed first: answering may start the next pipelined request.
                      observer.requestEnded(
                          method, r.route(), r.status(), System.nanoTime() - started);
                      answer(ctx, r, keepAlive, request.path().startsWith("/api/"));
                    });
          });
    } catch (RejectedExecutionException e) {
      observer.requestEnded(method, null, 503, System.nanoTime() - started);
      answer(ctx, error(503, "busy", "the web reader is busy; retry shortly"), false, true);
    }
  }

  static WebResponse error(int status, String code, String message) {
    WebResponse r =
        WebResponse.text(
            status,
            "application/json; charset=utf-8",
            "{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}");
    // Only a 503 has the header: WebResponse.header takes no null value (Map.entry), and a null
    // here once made every other error throw instead of being answered.
    return status == 503 ? r.header("Retry-After", "5") : r;
  }

  /** Writes the answer to the request in hand; the next one is taken once it is written. */
  private void answer(ChannelHandlerContext ctx, WebResponse r, boolean keepAlive, boolean api) {
    FullHttpResponse out =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(r.status()),
            Unpooled.wrappedBuffer(r.body()));
    if (r.contentType() != null) {
      out.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
    }
    for (var h : r.headers()) {
      if (h.getValue() != null) {
        out.headers().add(h.getKey(), h.getValue());
      }
    }
    out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
    SecurityHeaders.apply(out.headers(), api, hsts);
    if (keepAlive) {
      HttpUtil.setKeepAlive(out, true);
    } else {
      out.headers().set(HttpHeaderNames.CONNECTION, "close");
    }
    ChannelFuture f = ctx.writeAndFlush(out);
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
    // On completion, not now: a client that does not read its answers is not read either.
    f.addListener(done -> next(ctx));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    dropWaiting();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    dropWaiting();
  }

  private void dropWaiting() {
    waiting.forEach(FullHttpRequest::release);
    waiting.clear();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("connection from {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
