package com.inkzee.fetcher.websub;

import com.inkzee.fetcher.websub.Subscription.State;
import com.inkzee.rpc.runtime.LingeringClose;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

/**
 * Decides on a push from its request head, before its body is buffered. The callback port is open
 * to anyone (hubs must reach it), and each push may be up to {@link WebSubConfig#maxBodyBytes()}
 * (10 MiB): without this, any client could make the fetcher hold that much per connection, for a
 * feed that does not even exist. So a push for a feed with no subscription taking content is
 * answered 404 (410 while unsubscribing) from its head, and every push's body is counted against
 * one budget for all connections, {@link WebSubCallbackServer#receivingBudget()}, before a byte of
 * it is held; over it, 503 and the hub retries later. A refused push's body is read and dropped,
 * then the connection closes ({@link LingeringClose}), so the hub reads the answer.
 */
final class PushGate extends ChannelInboundHandlerAdapter {
  private final WebSubCallbackServer server;
  private long reserved; // budget held by the push being received on this connection
  private boolean dropping; // the rest of a refused push: released, never passed on

  PushGate(WebSubCallbackServer server) {
    this.server = server;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest head && HttpMethod.POST.equals(head.method())) {
      HttpResponseStatus refusal = admit(head);
      if (refusal != null) {
        ReferenceCountUtil.release(msg);
        dropping = !(msg instanceof LastHttpContent);
        refuse(ctx, refusal);
        return;
      }
    } else if (dropping && msg instanceof HttpContent content) {
      dropping = !(content instanceof LastHttpContent);
      content.release();
      return;
    }
    ctx.fireChannelRead(msg);
    if (msg instanceof LastHttpContent) {
      releaseBudget(); // the whole push has been handed on (or refused by the aggregator)
    }
  }

  /** Null to let the push through (its budget reserved), else the status that refuses it. */
  private HttpResponseStatus admit(HttpRequest head) {
    long feedId = CallbackHandler.feedId(new QueryStringDecoder(head.uri()).path());
    Subscription subscription = feedId < 0 ? null : server.table().get(feedId).orElse(null);
    if (subscription == null || !subscription.acceptsContent()) {
      server.stats().pushesUnknownFeed.incrementAndGet();
      return subscription != null && subscription.state() == State.UNSUBSCRIBING
          ? HttpResponseStatus.GONE
          : HttpResponseStatus.NOT_FOUND;
    }
    long max = server.config().maxBodyBytes();
    long declared = HttpUtil.getContentLength(head, -1L);
    // A declared length over the limit is the aggregator's to refuse (413): reserve the limit.
    long want = declared < 0 || declared > max ? max : declared;
    if (server.receivingBytes().addAndGet(want) > server.receivingBudget()) {
      server.receivingBytes().addAndGet(-want);
      server.stats().pushesBusy.incrementAndGet();
      return HttpResponseStatus.SERVICE_UNAVAILABLE;
    }
    reserved = want;
    return null;
  }

  private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    if (status == HttpResponseStatus.SERVICE_UNAVAILABLE) {
      response.headers().set(HttpHeaderNames.RETRY_AFTER, CallbackHandler.RETRY_AFTER_SECONDS);
    }
    LingeringClose.after(ctx.writeAndFlush(response), ctx, LingeringClose.DEFAULT_LINGER_MILLIS);
  }

  private void releaseBudget() {
    if (reserved > 0) {
      server.receivingBytes().addAndGet(-reserved);
      reserved = 0;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releaseBudget(); // a push cut off half-way
    ctx.fireChannelInactive();
  }
}
