package com.inkzee.fetcher.websub;

import com.inkzee.fetcher.poll.Fatal;
import com.inkzee.fetcher.websub.HubSignature.Verdict;
import com.inkzee.fetcher.websub.Subscription.State;
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
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one connection's hub requests: intent verification and denials (GET), content
 * distribution (POST). Runs on the event loop; signature checks and the sink run on the server's
 * push threads.
 */
final class CallbackHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(CallbackHandler.class);

  /**
   * Longest lease we record. Guards the expiry arithmetic against a hub granting absurd leases; a
   * year is far past anything a hub grants in practice.
   */
  static final Duration MAX_LEASE = Duration.ofDays(365);

  /** A hub that answers with a Retry-After gets this back when the push queue is full. */
  static final String RETRY_AFTER_SECONDS = "60";

  private final WebSubCallbackServer server;

  CallbackHandler(WebSubCallbackServer server) {
    this.server = server;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (request.decoderResult().isFailure()) {
      respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "", true);
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    long feedId = feedId(uri.path());
    if (feedId < 0 || !server.config().hasCallbackToken(feedId, uri.path())) {
      // An unknown feed and a wrong token look the same: the answer tells a forger nothing.
      respond(ctx, request, HttpResponseStatus.NOT_FOUND, "", false);
      return;
    }
    if (HttpMethod.GET.equals(request.method())) {
      verify(ctx, request, feedId, uri.parameters());
    } else if (HttpMethod.POST.equals(request.method())) {
      push(ctx, request, feedId);
    } else {
      FullHttpResponse response = response(HttpResponseStatus.METHOD_NOT_ALLOWED, "");
      response.headers().set(HttpHeaderNames.ALLOW, "GET, POST");
      send(ctx, request, response, false);
    }
  }

  /** The feed id of {@code /websub/<digits>/<token>}, or -1 for any other path. */
  static long feedId(String path) {
    if (!path.startsWith(WebSubCallbackServer.CALLBACK_PATH_PREFIX)) {
      return -1;
    }
    String rest = path.substring(WebSubCallbackServer.CALLBACK_PATH_PREFIX.length());
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return -1;
    }
    String digits = rest.substring(0, slash);
    if (digits.isEmpty() || digits.length() > 19 || !digits.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException overflow) {
      return -1;
    }
  }

  private void verify(
      ChannelHandlerContext ctx,
      FullHttpRequest request,
      long feedId,
      Map<String, List<String>> q) {
    String mode = first(q, "hub.mode");
    String topic = first(q, "hub.topic");
    SubscriptionTable table = server.table();
    WebSubStats stats = server.stats();
    if ("denied".equals(mode) && topic != null) {
      String reason = first(q, "hub.reason");
      if (table.deny(feedId, topic, reason)) {
        stats.denials.incrementAndGet();
        log.warn("hub denied WebSub subscription of feed {} to {}: {}", feedId, topic, reason);
        respond(ctx, request, HttpResponseStatus.OK, "", false);
      } else {
        respond(ctx, request, HttpResponseStatus.NOT_FOUND, "", false);
      }
      return;
    }
    String challenge = first(q, "hub.challenge");
    boolean confirmed = false;
    if (topic != null && challenge != null && !challenge.isEmpty()) {
      if ("subscribe".equals(mode)) {
        confirmed = table.confirmSubscribe(feedId, topic, lease(first(q, "hub.lease_seconds")));
      } else if ("unsubscribe".equals(mode)) {
        confirmed = table.confirmUnsubscribe(feedId, topic);
      }
    }
    if (confirmed) {
      stats.verificationsConfirmed.incrementAndGet();
      log.info("confirmed WebSub {} of feed {} to {}", mode, feedId, topic);
      respond(ctx, request, HttpResponseStatus.OK, challenge, false);
    } else {
      stats.verificationsRefused.incrementAndGet();
      log.info("refused WebSub {} verification for feed {} and topic {}", mode, feedId, topic);
      respond(ctx, request, HttpResponseStatus.NOT_FOUND, "", false);
    }
  }

  /** The granted lease; the one we asked for if the hub sent none we can read. */
  private Duration lease(String seconds) {
    Duration requested = server.config().requestedLease();
    if (seconds == null) {
      return requested;
    }
    try {
      long s = Long.parseLong(seconds.strip());
      if (s <= 0) {
        return requested;
      }
      return s > MAX_LEASE.toSeconds() ? MAX_LEASE : Duration.ofSeconds(s);
    } catch (NumberFormatException e) {
      return requested;
    }
  }

  private void push(ChannelHandlerContext ctx, FullHttpRequest request, long feedId) {
    WebSubStats stats = server.stats();
    Subscription subscription = server.table().get(feedId).orElse(null);
    if (subscription == null || !subscription.acceptsContent()) {
      stats.pushesUnknownFeed.incrementAndGet();
      boolean leaving = subscription != null && subscription.state() == State.UNSUBSCRIBING;
      log.debug(
          "push for feed {} without a subscription taking content ({})", feedId, subscription);
      respond(
          ctx,
          request,
          leaving ? HttpResponseStatus.GONE : HttpResponseStatus.NOT_FOUND,
          "",
          false);
      return;
    }
    byte[] body = ByteBufUtil.getBytes(request.content());
    String signature = request.headers().get("X-Hub-Signature");
    String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
    if (server.queuedPushBytes().addAndGet(body.length) > WebSubCallbackServer.MAX_QUEUED_PUSH_BYTES
        || !submit(() -> deliver(subscription, body, signature, contentType))) {
      server.queuedPushBytes().addAndGet(-body.length);
      stats.pushesBusy.incrementAndGet();
      log.warn("push of {} bytes for feed {} refused: push queue full", body.length, feedId);
      FullHttpResponse busy = response(HttpResponseStatus.SERVICE_UNAVAILABLE, "");
      busy.headers().set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
      send(ctx, request, busy, false);
      return;
    }
    // Answered before the signature is checked: the status says nothing to a forger (§7).
    respond(ctx, request, HttpResponseStatus.ACCEPTED, "", false);
  }

  private boolean submit(Runnable task) {
    try {
      server.pushExecutor().execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** On a push thread: check the signature, then hand the content on or discard it. */
  private void deliver(Subscription s, byte[] body, String signature, String contentType) {
    WebSubStats stats = server.stats();
    try {
      String secret = server.config().secrets().secretFor(s.feedId(), s.topic());
      Verdict verdict = HubSignature.verify(signature, body, secret);
      switch (verdict) {
        case VALID -> {
          stats.pushesAccepted.incrementAndGet();
          server.sink().accept(s.feedId(), s.topic(), body, contentType);
        }
        case MISSING -> {
          stats.pushesUnsigned.incrementAndGet();
          log.warn(
              "discarded unsigned push of {} bytes for feed {} (topic {}, hub {})",
              body.length,
              s.feedId(),
              s.topic(),
              s.hub());
        }
        case MALFORMED, MISMATCH -> {
          stats.pushesBadSignature.incrementAndGet();
          log.warn(
              "discarded push of {} bytes for feed {} with {} signature (topic {}, hub {})",
              body.length,
              s.feedId(),
              verdict == Verdict.MISMATCH ? "a wrong" : "a malformed",
              s.topic(),
              s.hub());
        }
      }
    } catch (RuntimeException | Error e) {
      if (Fatal.isFatal(e)) {
        log.error("push for feed {} (topic {}): the JVM failed", s.feedId(), s.topic(), e);
        throw e;
      }
      log.error("push sink failed for feed {} (topic {})", s.feedId(), s.topic(), e);
    } finally {
      server.queuedPushBytes().addAndGet(-body.length);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent) {
      ctx.close();
    } else {
      super.userEventTriggered(ctx, event);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("closing WebSub callback connection from {}", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }

  private static String first(Map<String, List<String>> q, String name) {
    List<String> values = q.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static FullHttpResponse response(HttpResponseStatus status, String body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
            status,
            Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
    return response;
  }

  private static void respond(
      ChannelHandlerContext ctx,
      FullHttpRequest request,
      HttpResponseStatus status,
      String body,
      boolean close) {
    send(ctx, request, response(status, body), close);
  }

  private static void send(
      ChannelHandlerContext ctx,
      FullHttpRequest request,
      FullHttpResponse response,
      boolean close) {
    HttpUtil.setContentLength(response, response.content().readableBytes());
    boolean keepAlive = !close && HttpUtil.isKeepAlive(request);
    if (keepAlive) {
      if (!request.protocolVersion().isKeepAliveDefault()) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      }
      ctx.writeAndFlush(response);
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
