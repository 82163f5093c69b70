package com.inkzee.rpc.server;

import com.inkzee.rpc.wire.FrameDecoder;
import com.inkzee.rpc.wire.FramingLimits;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The server pipeline, in its fixed order: connection cap, TLS, dead-peer detection (on bytes),
 * framing, frame decoding, then the connection's own handler.
 */
final class ServerChannelInitializer extends ChannelInitializer<SocketChannel> {
  private final RpcServer server;
  private final ConnectionLimiter limiter;

  ServerChannelInitializer(RpcServer server) {
    this.server = server;
    this.limiter = new ConnectionLimiter(server.config().maxConnections());
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ServerConfig config = server.config();
    ChannelPipeline p = ch.pipeline();
    p.addLast("limit", limiter);
    if (config.ssl() != null) {
      p.addLast("tls", config.ssl().newHandler(ch.alloc()));
    }
    // No FlushConsolidationHandler: ServerConnection batches its own flushes (one per read and
    // one per batch of handler replies), and must be able to flush a big reply at once.
    // A HELLO-sized limit until the handshake is accepted (ServerConnection lifts it), then
    // the configured one.
    // Peer silence counts bytes, not frames: a large request arriving slowly is not silence.
    p.addLast(
        "idle",
        new IdleStateHandler(config.peerSilenceTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
    p.addLast("framing", FramingLimits.serverDecoder(config.maxFrameBytes()));
    // Per channel: MessageToMessageDecoder keeps per-read state and is not @Sharable, so one
    // shared instance made every connection after the first fail in initChannel.
    p.addLast("frames", new FrameDecoder());
    p.addLast("connection", new ServerConnection(server));
  }
}
