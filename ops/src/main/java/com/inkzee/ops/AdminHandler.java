package com.inkzee.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers one admin request: routes the path, checks the method, and writes the response. */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);

  static final String JSON = "application/json; charset=utf-8";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String TEXT = "text/plain; charset=utf-8";

  /** What the endpoints read, and the pool their blocking work runs on. */
  record Endpoints(HealthChecks health, PrometheusMeterRegistry registry, Executor workers) {}

  /** A response body and its type. */
  private record Body(HttpResponseStatus status, String contentType, String text) {}

  private final Endpoints endpoints;

  AdminHandler(Endpoints endpoints) {
    this.endpoints = endpoints;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (request.decoderResult().isFailure()) {
      Throwable cause = request.decoderResult().cause();
      HttpResponseStatus status =
          cause instanceof TooLongHttpLineException
              ? HttpResponseStatus.REQUEST_URI_TOO_LONG
              : cause instanceof TooLongHttpHeaderException
                  ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                  : HttpResponseStatus.BAD_REQUEST;
      respond(ctx, false, new Body(status, TEXT, status.reasonPhrase() + "\n"));
      return;
    }
    String path = new QueryStringDecoder(request.uri()).path();
    Supplier<Body> endpoint =
        switch (path) {
          case "/healthz" -> this::health;
          case "/livez" -> () -> new Body(HttpResponseStatus.OK, JSON, "{\"status\":\"UP\"}\n");
          case "/metrics" -> this::metrics;
          default -> null;
        };
    if (endpoint == null) {
      respond(
          ctx,
          false,
          new Body(
              HttpResponseStatus.NOT_FOUND,
              TEXT,
              "not found; this admin port serves /healthz, /livez and /metrics\n"));
      return;
    }
    HttpMethod method = request.method();
    boolean head = HttpMethod.HEAD.equals(method);
    if (!head && !HttpMethod.GET.equals(method)) {
      respond(
          ctx,
          false,
          new Body(HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT, path + " takes GET or HEAD\n"));
      return;
    }
    try {
      endpoints
          .workers()
          .execute(
              () -> {
                Body body;
                try {
                  body = endpoint.get();
                } catch (RuntimeException e) {
                  log.warn("admin {} failed", path, e);
                  body =
                      new Body(HttpResponseStatus.INTERNAL_SERVER_ERROR, TEXT, "internal error\n");
                }
                respond(ctx, head, body);
              });
    } catch (RejectedExecutionException e) {
      respond(
          ctx,
          head,
          new Body(HttpResponseStatus.SERVICE_UNAVAILABLE, TEXT, "admin server busy; retry\n"));
    }
  }

  private Body health() {
    HealthReport report = endpoints.health().evaluate();
    return new Body(
        report.healthy() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
        JSON,
        report.toJson() + "\n");
  }

  private Body metrics() {
    return new Body(HttpResponseStatus.OK, PROMETHEUS_TEXT, endpoints.registry().scrape());
  }

  /** Writes the response and closes: one request per connection keeps the server simple. */
  private static void respond(ChannelHandlerContext ctx, boolean head, Body body) {
    byte[] bytes = body.text().getBytes(StandardCharsets.UTF_8);
    ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, body.status(), content);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, body.contentType());
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    if (body.status() == HttpResponseStatus.METHOD_NOT_ALLOWED) {
      response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
    }
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException || cause instanceof java.io.IOException) {
      log.debug("admin connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
    } else {
      log.warn("admin connection {} failed", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }
}
