package com.inkzee.rpc.xmlrpc;

import com.inkzee.rpc.runtime.ReadGate;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * One connection's pipeline, in order: read gate (no reading while a call is in flight) → HTTP/1.1
 * codec (bounded request line and headers) → checks on the request head (method, token, encoding) →
 * decompression → body limit and aggregation → idle timer → XML-RPC handler.
 *
 * <p>The token is checked before decompression, so an unauthenticated body is never inflated, and
 * the body limit after it, so the limit is on the inflated size (a small gzip bomb meets the 413).
 */
final class XmlRpcChannelInitializer extends ChannelInitializer<SocketChannel> {
  // Netty's defaults (4 KiB request line, 8 KiB headers): an XML-RPC request needs far less.
  private static final int MAX_INITIAL_LINE_BYTES = 4096;
  private static final int MAX_HEADER_BYTES = 8192;
  private static final int MAX_CHUNK_BYTES = 8192;

  private final XmlRpcServer server;

  XmlRpcChannelInitializer(XmlRpcServer server) {
    this.server = server;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    if (!server.connectionOpened(ch)) {
      ch.close();
      return;
    }
    ReadGate reading = new ReadGate();
    ch.pipeline()
        .addLast(reading)
        .addLast(new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, MAX_CHUNK_BYTES))
        .addLast(new RequestHeadCheck(server.authorizer()))
        // No cap on one inflated buffer (0): Netty hands inflated bytes on in 64 KiB pieces, and
        // BodyLimit stops collecting them at the limit.
        .addLast(new HttpContentDecompressor(0))
        .addLast(new BodyLimit(server.config().maxBodyBytes()))
        .addLast(
            new IdleStateHandler(
                0, 0, server.config().idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
        .addLast(new XmlRpcHttpHandler(server, reading));
  }
}
