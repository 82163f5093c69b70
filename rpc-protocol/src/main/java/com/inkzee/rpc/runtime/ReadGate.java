package com.inkzee.rpc.runtime;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;

/**
 * Owns reading from one HTTP connection's socket, at the head of its pipeline: while its handler
 * has a request in flight (the XML-RPC server's, the web reader's), nothing more is read, whoever
 * asks.
 *
 * <p>Turning auto-read off is not enough on its own: Netty's HTTP decoder, content decompressor and
 * aggregator each ask for a read themselves whenever a socket read ends in the middle of a message
 * and auto-read is off, so a client pipelining large requests would be read on and on while one
 * call ran, every request piling up in memory. Those requests pass through here on their way to the
 * socket and are dropped while the gate is shut; {@link #open} reads again. So what waits in memory
 * behind a call in flight is at most what the one socket read in progress when the gate shut
 * delivered; the rest waits in TCP (backpressure).
 */
public final class ReadGate extends ChannelOutboundHandlerAdapter {
  private boolean shut; // event loop only

  /** Stops reading from {@code channel} until {@link #open}. On the event loop. */
  public void shut(Channel channel) {
    shut = true;
    channel.config().setAutoRead(false); // also ends the socket read in progress after this buffer
  }

  /** Reads again, if shut: the read asked for while shut is issued now. On the event loop. */
  public void open(Channel channel) {
    if (shut) {
      shut = false;
      channel.config().setAutoRead(true); // issues a read, which now passes here
    }
  }

  @Override
  public void read(ChannelHandlerContext ctx) {
    if (!shut) {
      ctx.read();
    }
  }
}
