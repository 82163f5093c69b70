package com.inkzee.rpc.xmlrpc;

import com.inkzee.rpc.status.Status;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP connection's XML-RPC requests: checks method and token on the event loop, hands the body
 * to the bounded handler executor, and writes the answer back. One request is in flight per
 * connection: reading pauses until it is answered, so pipelined requests are answered in order and
 * a connection can never queue more than one call (the rest wait in TCP: backpressure).
 */
final class XmlRpcHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(XmlRpcHttpHandler.class);

  private final XmlRpcServer server;
  // Requests decoded from bytes already read while a call was in flight (pipelining): reading is
  // paused then, so this holds at most what one socket read delivered.
  private final java.util.ArrayDeque<FullHttpRequest> waiting = new java.util.ArrayDeque<>();
  private XmlRpcCall inFlight; // event loop only
  private io.netty.util.concurrent.ScheduledFuture<?> deadline; // event loop only

  XmlRpcHttpHandler(XmlRpcServer server) {
    this.server = server;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (inFlight != null || !waiting.isEmpty()) {
      waiting.add(request.retain()); // answered in order, after the one in flight
      return;
    }
    serve(ctx, request);
  }

  /** Serves the next pipelined request, if one waits, once the previous one is answered. */
  private void next(ChannelHandlerContext ctx) {
    while (inFlight == null && !waiting.isEmpty() && ctx.channel().isActive()) {
      FullHttpRequest request = waiting.poll();
      try {
        serve(ctx, request);
      } finally {
        request.release();
      }
    }
    if (inFlight == null && waiting.isEmpty() && ctx.channel().isActive()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request) && !server.isDraining();
    if (request.decoderResult().isFailure()) {
      plain(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request", false);
      return;
    }
    if (!HttpMethod.POST.equals(request.method())) {
      FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "XML-RPC takes POST\n");
      r.headers().set(HttpHeaderNames.ALLOW, "POST");
      send(ctx, r, keepAlive);
      return;
    }
    if (server.isDraining()) {
      fault(ctx, new XmlRpcFault(Status.UNAVAILABLE, "server shutting down"), false);
      return;
    }
    if (!server.authorizer().allows(request.headers())) {
      log.warn(
          "XML-RPC call from {} refused: missing or wrong token", ctx.channel().remoteAddress());
      fault(
          ctx,
          new XmlRpcFault(
              Status.UNAUTHENTICATED,
              "missing or wrong token: send it as X-Inkzee-Token, Authorization: Bearer, or Basic"
                  + " auth's password"),
          keepAlive);
      return;
    }
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
      // served (reading is paused only below, while a call is in flight).
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
    ctx.channel().config().setAutoRead(false); // one call at a time; next() resumes reading
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
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.OK,
            Unpooled.wrappedBuffer(XmlRpcWriter.fault(f)));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/xml; charset=utf-8");
    send(ctx, r, keepAlive);
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
    waiting.forEach(FullHttpRequest::release);
    waiting.clear();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("XML-RPC connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
