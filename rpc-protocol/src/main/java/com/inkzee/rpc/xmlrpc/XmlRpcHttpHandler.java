package com.inkzee.rpc.xmlrpc;

import com.inkzee.rpc.runtime.LingeringClose;
import com.inkzee.rpc.runtime.ReadGate;
import com.inkzee.rpc.status.Status;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP connection's XML-RPC requests: hands each body to the bounded handler executor and
 * writes the answer back, and answers the requests refused on the way here ({@link Refusal}). One
 * request is in flight per connection: reading stops ({@link ReadGate}) until it is answered, so
 * pipelined requests are answered in order, refusals included, and a connection never queues more
 * than one call (the rest wait in TCP: backpressure).
 */
final class XmlRpcHttpHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(XmlRpcHttpHandler.class);

  private final XmlRpcServer server;
  private final ReadGate reading;
  // Requests (FullHttpRequest) and refusals (Refusal) decoded from bytes already read when a call
  // started (pipelining): the read gate then stops reading, so this holds at most what one socket
  // read delivered.
  private final ArrayDeque<Object> waiting = new ArrayDeque<>();
  // Body bytes held in waiting. A read of at most 64 KiB can still carry several gzip bodies that
  // each inflate to nearly the body limit: past one limit's worth, the next is refused instead.
  private long waitingBytes; // event loop only
  private XmlRpcCall inFlight; // event loop only
  private ScheduledFuture<?> deadline; // event loop only
  // A refusal that ends the connection was answered: what still arrives is dropped. Event loop.
  private boolean closing;
  private boolean undecodableBody; // a body failed to decompress: refused once. Event loop.

  XmlRpcHttpHandler(XmlRpcServer server, ReadGate reading) {
    this.server = server;
    this.reading = reading;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest) && !(msg instanceof Refusal)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (closing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (inFlight != null || !waiting.isEmpty() || !ctx.channel().isWritable()) {
      // Answered in order, after the one in flight, or once the client has read enough of the
      // answers already queued for it (channelWritabilityChanged).
      waiting.add(held(msg));
      pace(ctx);
      return;
    }
    handle(ctx, msg);
    pace(ctx);
  }

  /**
   * What waits for its turn: the request, or, once the bodies waiting would exceed one body limit,
   * a refusal in its place (its body released now), which ends the connection in its turn.
   */
  private Object held(Object msg) {
    if (msg instanceof FullHttpRequest request) {
      int bytes = request.content().readableBytes();
      if (waitingBytes + bytes > server.config().maxBodyBytes()) {
        request.release();
        return new Refusal(Refusal.Reason.BODY_TOO_LARGE, false, "pipelined");
      }
      waitingBytes += bytes;
    }
    return msg;
  }

  /**
   * Serves the next pipelined request, if one waits, once the previous one is answered and the
   * answers already written fit under the channel's write buffer high water mark.
   *
   * <p>Handing an answer to Netty is not the end of it: a client that never reads its answers
   * leaves them queued in memory. Were the next request served (and reading reopened) regardless,
   * such a client could pipeline thousands of calls with large answers and have the server hold
   * every one of them, without limit. So while the channel is not writable, nothing more is served
   * or read; {@link #channelWritabilityChanged} resumes once the client has read below the low
   * water mark.
   */
  private void next(ChannelHandlerContext ctx) {
    while (inFlight == null
        && !waiting.isEmpty()
        && !closing
        && ctx.channel().isActive()
        && ctx.channel().isWritable()) {
      Object msg = waiting.poll();
      if (msg instanceof FullHttpRequest request) {
        waitingBytes -= request.content().readableBytes();
      }
      handle(ctx, msg);
    }
    if (closing) {
      dropWaiting();
    }
    pace(ctx);
  }

  /**
   * Reads on only with no call in flight, nothing waiting and room for answers (or, once closing,
   * to drain what a lingering close drops); otherwise the read gate stays shut.
   */
  private void pace(ChannelHandlerContext ctx) {
    if (!ctx.channel().isActive() || inFlight != null) {
      return; // a call in flight shut the gate when it started; next() decides after it
    }
    if (closing || (waiting.isEmpty() && ctx.channel().isWritable())) {
      reading.open(ctx.channel());
    } else {
      reading.shut(ctx.channel());
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable()) {
      next(ctx); // the client read its answers down to the low water mark: serve and read on
    }
    super.channelWritabilityChanged(ctx);
  }

  /** Answers a refusal or starts a call; releases {@code msg}. */
  private void handle(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof Refusal refusal) {
        refuse(ctx, refusal);
      } else {
        serve(ctx, (FullHttpRequest) msg);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request) && !server.isDraining();
    if (request.decoderResult().isFailure()) {
      plain(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request", false);
      return;
    }
    if (server.isDraining()) {
      fault(ctx, new XmlRpcFault(Status.UNAVAILABLE, "server shutting down"), false);
      return;
    }
    // Method, token and encoding were checked on the head (RequestHeadCheck).
    byte[] body = ByteBufUtil.getBytes(request.content());
    String peer = String.valueOf(ctx.channel().remoteAddress());
    long timeoutNanos = server.config().callTimeout().toNanos();
    XmlRpcCall call =
        new XmlRpcCall(
            body,
            server.parser(),
            server.dispatcher(),
            peer,
            System.nanoTime() + timeoutNanos,
            answer -> {
              try {
                ctx.executor().execute(() -> answered(ctx, answer, keepAlive));
              } catch (RejectedExecutionException e) {
                // The event loop is stopping (server closed): the connection goes with it.
              }
            },
            server.observer());
    inFlight = call;
    server.callStarted();
    try {
      server.executor().execute(call);
    } catch (RejectedExecutionException e) {
      // Refused at once: reading goes on, so the next request on a kept-alive connection is
      // served (reading stops only below, while a call is in flight).
      inFlight = null;
      server.callEnded();
      server.refused(call.refused());
      fault(
          ctx,
          new XmlRpcFault(
              Status.RESOURCE_EXHAUSTED,
              "server overloaded: all handler threads busy and the queue of "
                  + server.config().handlerQueueCapacity()
                  + " full; retry later"),
          keepAlive);
      return;
    }
    reading.shut(ctx.channel()); // one call at a time; next() reads on
    deadline =
        ctx.executor()
            .schedule(
                () ->
                    call.abort(
                        XmlRpcWriter.fault(
                            new XmlRpcFault(
                                Status.DEADLINE_EXCEEDED,
                                "no answer within " + server.config().callTimeout()))),
                timeoutNanos,
                TimeUnit.NANOSECONDS);
  }

  /**
   * Answers a request refused on its way here, in its turn. A refusal that closes the connection
   * closes it lingering ({@link LingeringClose}): the client may still be sending the refused body,
   * and a plain close would reset the connection under the answer before the client reads it.
   */
  private void refuse(ChannelHandlerContext ctx, Refusal refusal) {
    boolean keepAlive = refusal.keepAlive() && !server.isDraining();
    FullHttpResponse r;
    switch (refusal.reason()) {
      case METHOD_NOT_ALLOWED -> {
        r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "XML-RPC takes POST\n");
        r.headers().set(HttpHeaderNames.ALLOW, "POST");
      }
      case UNAUTHENTICATED -> {
        XmlRpcFault f =
            server.isDraining()
                ? new XmlRpcFault(Status.UNAVAILABLE, "server shutting down")
                : new XmlRpcFault(
                    Status.UNAUTHENTICATED,
                    "missing or wrong token: send it as X-Inkzee-Token, Authorization: Bearer, or"
                        + " Basic auth's password");
        r = xml(HttpResponseStatus.OK, f);
      }
      case UNSUPPORTED_ENCODING -> {
        r =
            xml(
                HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                XmlRpcFault.invalid(
                    "Content-Encoding "
                        + XmlRpcParser.quote(refusal.detail())
                        + " is not supported: send the body as is, gzip or deflate"));
        r.headers().set(HttpHeaderNames.ACCEPT_ENCODING, "gzip, deflate");
      }
      case BODY_TOO_LARGE -> {
        keepAlive = false;
        r =
            xml(
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                new XmlRpcFault(
                    Status.RESOURCE_EXHAUSTED,
                    "pipelined".equals(refusal.detail())
                        ? "requests pipelined behind a running call exceed the body limit of "
                            + server.config().maxBodyBytes()
                            + " bytes together; wait for each answer"
                        : "request body exceeds the limit of "
                            + server.config().maxBodyBytes()
                            + " bytes"));
      }
      case BODY_UNDECODABLE -> {
        keepAlive = false;
        r =
            xml(
                HttpResponseStatus.BAD_REQUEST,
                XmlRpcFault.invalid("request body does not decode: " + refusal.detail()));
      }
      default -> throw new IllegalStateException("unknown refusal " + refusal.reason());
    }
    if (keepAlive) {
      send(ctx, r, true);
      return;
    }
    closing = true;
    HttpUtil.setContentLength(r, r.content().readableBytes());
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    LingeringClose.after(ctx.writeAndFlush(r), ctx, LingeringClose.DEFAULT_LINGER_MILLIS);
  }

  private void answered(ChannelHandlerContext ctx, byte[] answer, boolean keepAlive) {
    if (inFlight == null) {
      return;
    }
    inFlight = null;
    server.callEnded();
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(answer));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/xml; charset=utf-8");
    boolean open = keepAlive && !server.isDraining();
    send(ctx, r, open);
    if (open) {
      next(ctx);
    }
  }

  private void fault(ChannelHandlerContext ctx, XmlRpcFault f, boolean keepAlive) {
    send(ctx, xml(HttpResponseStatus.OK, f), keepAlive);
  }

  private static FullHttpResponse xml(HttpResponseStatus status, XmlRpcFault f) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(XmlRpcWriter.fault(f)));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/xml; charset=utf-8");
    return r;
  }

  private static FullHttpResponse text(HttpResponseStatus status, String message) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(message, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    return r;
  }

  private static void plain(
      ChannelHandlerContext ctx, HttpResponseStatus status, String message, boolean keepAlive) {
    send(ctx, text(status, message + "\n"), keepAlive);
  }

  static void send(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
    HttpUtil.setContentLength(r, r.content().readableBytes());
    if (keepAlive) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(r);
    } else {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent && inFlight == null) {
      ctx.close(); // an idle keep-alive connection: free its descriptor
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (inFlight != null) {
      inFlight.abort(null); // the caller is gone: interrupt the handler, send nothing
      inFlight = null;
      server.callEnded();
    }
    if (deadline != null) {
      deadline.cancel(false);
    }
    dropWaiting();
    super.channelInactive(ctx);
  }

  private static DecompressionException decompressionFailure(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof DecompressionException d) {
        return d;
      }
    }
    return null;
  }

  private void dropWaiting() {
    waiting.forEach(ReferenceCountUtil::release);
    waiting.clear();
    waitingBytes = 0;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    DecompressionException undecodable = decompressionFailure(cause);
    if (undecodable != null) {
      // A gzip or deflate body that is not: refused in its turn, like any refusal, once (the
      // decompressor may fail again on the rest of it); the connection then closes.
      if (!undecodableBody) {
        undecodableBody = true;
        log.debug(
            "XML-RPC request from {} does not decompress: {}",
            ctx.channel().remoteAddress(),
            undecodable.getMessage());
        channelRead(
            ctx,
            new Refusal(
                Refusal.Reason.BODY_UNDECODABLE, false, String.valueOf(undecodable.getMessage())));
      }
      return;
    }
    log.debug("XML-RPC connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
