package com.inkzee.web.http;

import com.inkzee.rpc.runtime.LingeringClose;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Gathers a request body up to {@code maxBodyBytes}; a larger one (declared or sent) is answered
 * 413 in the API's JSON error shape, with the usual security headers, and the connection closed:
 * nothing past the limit is ever buffered.
 *
 * <p>The close lingers, as web servers' do: a client is usually still sending the body when the 413
 * goes out, and a socket closed with unread bytes in it answers them with a reset, which can
 * destroy the 413 before the client reads it (it then sees only a broken connection). So the answer
 * is followed by a half-close (FIN), the rest of the body is read and dropped (the aggregator
 * discards an oversized message's remaining content), and the connection is closed when the client
 * closes its side, or after {@link #LINGER_MILLIS} at the latest.
 */
final class BoundedAggregator extends HttpObjectAggregator {
  private final int maxBodyBytes;
  private final boolean hsts;

  BoundedAggregator(int maxBodyBytes, boolean hsts) {
    super(maxBodyBytes);
    this.maxBodyBytes = maxBodyBytes;
    this.hsts = hsts;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    String json =
        "{\"error\":\"payload_too_large\",\"message\":\"the request body exceeds the "
            + maxBodyBytes
            + "-byte limit\"}";
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
            Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
    r.headers().set(HttpHeaderNames.CONNECTION, "close");
    SecurityHeaders.apply(r.headers(), true, hsts);
    LingeringClose.after(ctx.writeAndFlush(r), ctx, LingeringClose.DEFAULT_LINGER_MILLIS);
  }
}
