package com.inkzee.rpc.runtime;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Closes an HTTP connection after a refusal (413) the way web servers do, so the client reads the
 * refusal. The client is usually still sending the body when the answer goes out, and a socket
 * closed with unread bytes in it answers them with a reset, which can destroy the answer before the
 * client reads it (it then sees only a broken connection). So: once the answer is written,
 * half-close (FIN); keep reading and dropping what still arrives (an {@code HttpObjectAggregator}
 * discards the rest of an oversized message); close when the client closes its side, or after
 * {@code lingerMillis} at the latest.
 */
public final class LingeringClose {
  /** How long a refused upload may go on being read, and dropped, by default. */
  public static final long DEFAULT_LINGER_MILLIS = 5_000;

  private LingeringClose() {}

  /** Closes {@code ctx}'s connection once {@code written} completes, lingering as above. */
  public static void after(ChannelFuture written, ChannelHandlerContext ctx, long lingerMillis) {
    written.addListener(
        f -> {
          if (f.isSuccess() && ctx.channel() instanceof SocketChannel socket && socket.isActive()) {
            socket.shutdownOutput();
            ctx.executor().schedule(() -> ctx.close(), lingerMillis, TimeUnit.MILLISECONDS);
          } else {
            ctx.close();
          }
        });
  }
}
