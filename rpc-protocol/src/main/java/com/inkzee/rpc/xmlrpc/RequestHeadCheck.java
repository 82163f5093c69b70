package com.inkzee.rpc.xmlrpc;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a request's head can decide before any of its body is held: a method other than
 * POST, a missing or wrong token, a Content-Encoding the server cannot decode. A refused request's
 * body is read and dropped as it arrives, never buffered (an unauthenticated client could otherwise
 * make the server hold a whole body limit's worth of memory per connection), and never inflated; a
 * {@link Refusal} goes on down the pipeline in its place.
 *
 * <p>Sits between the HTTP codec and the decompressor. A request whose head failed to decode is
 * passed on untouched: {@link XmlRpcHttpHandler} answers it 400.
 */
final class RequestHeadCheck extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(RequestHeadCheck.class);

  /** What {@code HttpContentDecompressor} is let to decode: the encodings XML-RPC clients send. */
  static final Set<String> DECODABLE = Set.of("identity", "gzip", "x-gzip", "deflate", "x-deflate");

  private final TokenCheck token;
  private boolean discarding; // the body of a refused request is arriving; event loop only

  RequestHeadCheck(TokenCheck token) {
    this.token = token;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (discarding && msg instanceof HttpContent) {
      discarding = !(msg instanceof LastHttpContent);
      ReferenceCountUtil.release(msg);
      return;
    }
    discarding = false;
    if (msg instanceof HttpRequest head && head.decoderResult().isSuccess()) {
      Refusal refusal = refusal(ctx, head);
      if (refusal != null) {
        discarding = !(msg instanceof LastHttpContent);
        ReferenceCountUtil.release(msg);
        ctx.fireChannelRead(refusal);
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }

  private Refusal refusal(ChannelHandlerContext ctx, HttpRequest head) {
    // A client that waits for "100 Continue" before sending the body, and is refused instead, may
    // send the body anyway or not at all: nothing tells where its next request would begin, so
    // such a connection closes after the answer.
    boolean keepAlive = HttpUtil.isKeepAlive(head) && !HttpUtil.is100ContinueExpected(head);
    if (!HttpMethod.POST.equals(head.method())) {
      return new Refusal(Refusal.Reason.METHOD_NOT_ALLOWED, keepAlive, head.method().name());
    }
    if (!token.allows(head.headers())) {
      log.warn(
          "XML-RPC call from {} refused: missing or wrong token", ctx.channel().remoteAddress());
      return new Refusal(Refusal.Reason.UNAUTHENTICATED, keepAlive, "");
    }
    String encoding = head.headers().get(HttpHeaderNames.CONTENT_ENCODING);
    if (encoding != null && !DECODABLE.contains(encoding.trim().toLowerCase(Locale.ROOT))) {
      return new Refusal(Refusal.Reason.UNSUPPORTED_ENCODING, keepAlive, encoding);
    }
    return null;
  }
}
