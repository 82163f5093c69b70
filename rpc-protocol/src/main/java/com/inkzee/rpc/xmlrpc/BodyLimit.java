package com.inkzee.rpc.xmlrpc;

import com.inkzee.rpc.runtime.LingeringClose;
import com.inkzee.rpc.status.Status;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects a request body up to {@code maxBodyBytes}. A larger one (announced by Content-Length, or
 * found while chunks arrive) is answered 413 with a RESOURCE_EXHAUSTED fault naming the limit, and
 * the connection is closed, lingering ({@link LingeringClose}) so the client reads the fault rather
 * than a reset while it is still sending: the rest of the body is read and dropped, never kept.
 */
final class BodyLimit extends HttpObjectAggregator {
  private static final Logger log = LoggerFactory.getLogger(BodyLimit.class);
  private final int maxBodyBytes;

  BodyLimit(int maxBodyBytes) {
    super(maxBodyBytes);
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    log.warn(
        "XML-RPC request from {} exceeds the {}-byte body limit; closing",
        ctx.channel().remoteAddress(),
        maxBodyBytes);
    XmlRpcFault fault =
        new XmlRpcFault(
            Status.RESOURCE_EXHAUSTED,
            "request body exceeds the limit of " + maxBodyBytes + " bytes");
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
            Unpooled.wrappedBuffer(XmlRpcWriter.fault(fault)));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/xml; charset=utf-8");
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    HttpUtil.setContentLength(r, r.content().readableBytes());
    LingeringClose.after(ctx.writeAndFlush(r), ctx, LingeringClose.DEFAULT_LINGER_MILLIS);
  }
}
