package com.inkzee.fetcher.websub;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The callback server's pipeline, in its fixed order: HTTP codec, the push gate (a push for no
 * subscription, or over the budget of bodies being received, is refused from its head: {@link
 * PushGate}), body aggregation bounded by {@link WebSubConfig#maxBodyBytes()} (a larger push is
 * answered 413 and never buffered whole), idle timeout, then the callback handler.
 */
final class CallbackChannelInitializer extends ChannelInitializer<Channel> {
  private final WebSubCallbackServer server;

  CallbackChannelInitializer(WebSubCallbackServer server) {
    this.server = server;
  }

  @Override
  protected void initChannel(Channel ch) {
    WebSubConfig config = server.config();
    ChannelPipeline p = ch.pipeline();
    // Netty's defaults bound the request line (4 KiB) and headers (8 KiB); hubs need far less.
    p.addLast("codec", new HttpServerCodec());
    p.addLast("gate", new PushGate(server));
    p.addLast("aggregate", new HttpObjectAggregator(config.maxBodyBytes()));
    p.addLast(
        "idle", new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
    p.addLast("callback", new CallbackHandler(server));
  }
}
