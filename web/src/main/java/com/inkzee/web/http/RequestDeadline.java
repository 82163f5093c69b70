package com.inkzee.web.http;

import com.inkzee.rpc.runtime.LingeringClose;
import com.inkzee.rpc.runtime.ReadGate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long one request may take to arrive whole, at the head of the connection's pipeline:
 * the clock starts with the first byte of a request and stops when {@link RequestDispatcher} has it
 * whole ({@link #requestComplete}). The idle timeout alone does not do this: every byte resets it,
 * so a client trickling a body held up to the body limit in memory for as long as it liked. Past
 * the deadline the request is answered 408 and the connection closed (lingering, so the client
 * reads the 408); what still arrives is dropped before it is decoded, so the request never runs.
 *
 * <p>Only bytes read while no request is in hand start the clock: the dispatcher stops reading
 * while one is (see {@link ReadGate}), so the clock never runs against a request being answered.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
  private final Duration deadline;
  private final boolean hsts;
  private ScheduledFuture<?> timer; // event loop only
  private boolean expired; // event loop only

  RequestDeadline(Duration deadline, boolean hsts) {
    this.deadline = deadline;
    this.hsts = hsts;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (expired) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (timer == null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
      timer =
          ctx.executor().schedule(() -> expire(ctx), deadline.toMillis(), TimeUnit.MILLISECONDS);
    }
    ctx.fireChannelRead(msg);
  }

  /** The request being read has arrived whole: the clock stops until the next one's first byte. */
  void requestComplete() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expire(ChannelHandlerContext ctx) {
    timer = null;
    expired = true;
    String json =
        "{\"error\":\"request_timeout\",\"message\":\"the request did not arrive whole within "
            + deadline.toSeconds()
            + " s\"}";
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.REQUEST_TIMEOUT,
            Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
    r.headers().set(HttpHeaderNames.CONNECTION, "close");
    SecurityHeaders.apply(r.headers(), true, hsts);
    // From the tail, through the HTTP encoder, which sits behind this handler.
    LingeringClose.after(ctx.channel().writeAndFlush(r), ctx, LingeringClose.DEFAULT_LINGER_MILLIS);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    requestComplete();
    super.channelInactive(ctx);
  }
}
