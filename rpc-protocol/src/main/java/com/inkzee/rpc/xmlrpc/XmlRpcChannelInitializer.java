package com.inkzee.rpc.xmlrpc;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * One connection's pipeline, in order: HTTP/1.1 codec (bounded request line and headers) → body
 * limit and aggregation → idle timer → XML-RPC handler.
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
    ch.pipeline()
        .addLast(new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, MAX_CHUNK_BYTES))
        .addLast(new BodyLimit(server.config().maxBodyBytes()))
        .addLast(
            new IdleStateHandler(
                0, 0, server.config().idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
        .addLast(new XmlRpcHttpHandler(server));
  }
}
