package com.inkzee.rpc.xmlrpc;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects a request body up to {@code maxBodyBytes}, counted after decompression. A larger one
 * (announced by Content-Length, or found while chunks arrive) is not answered here but passed on as
 * a {@link Refusal} ({@link Refusal.Reason#BODY_TOO_LARGE}), so that its 413 comes in turn after
 * the answers owed to requests pipelined before it; the rest of its body is read and dropped, never
 * kept.
 */
final class BodyLimit extends HttpObjectAggregator {
  private static final Logger log = LoggerFactory.getLogger(BodyLimit.class);
  private final int maxBodyBytes;

  BodyLimit(int maxBodyBytes) {
    super(maxBodyBytes);
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected Object newContinueResponse(
      HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    // Netty would write its own 413 at once to an oversized request expecting "100 Continue",
    // ahead of answers still owed; refused below instead, in turn, like any oversized request.
    if (isContentLengthInvalid(start, maxContentLength)) {
      return null;
    }
    return super.newContinueResponse(start, maxContentLength, pipeline);
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    log.warn(
        "XML-RPC request from {} exceeds the {}-byte body limit; refusing it and closing",
        ctx.channel().remoteAddress(),
        maxBodyBytes);
    ctx.fireChannelRead(new Refusal(Refusal.Reason.BODY_TOO_LARGE, false, ""));
  }
}
