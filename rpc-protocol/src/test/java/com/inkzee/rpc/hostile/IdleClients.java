package com.inkzee.rpc.hostile;

import com.inkzee.rpc.wire.Frame;
import com.inkzee.rpc.wire.FrameDecoder;
import com.inkzee.rpc.wire.FramingLimits;
import com.inkzee.rpc.wire.WireFormat;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Many raw Netty connections that each complete the HELLO handshake and then stay idle: the
 * cheapest client a server can have, so a test measures the server's cost of holding them.
 *
 * <p>Runs inside the test's JVM, or as the main class of a child JVM (see {@link #main}) when the
 * file-descriptor limit of one process cannot hold both ends of every connection.
 */
final class IdleClients implements AutoCloseable {
  /** Handshakes in flight at once: enough to be quick, few enough not to fill the backlog. */
  private static final int IN_FLIGHT = 256;

  /**
   * Source addresses 127.0.0.2..9: each has its own ephemeral port range, so sockets left in
   * TIME_WAIT by an earlier run cannot exhaust the ports.
   */
  private static final int SOURCE_ADDRESSES = 8;

  private final EventLoopGroup group =
      new NioEventLoopGroup(2, new DefaultThreadFactory("idle-clients", true));
  private final Queue<Channel> channels = new ConcurrentLinkedQueue<>();
  private final AtomicInteger acked = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();

  private IdleClients() {}

  /**
   * Opens {@code count} connections and waits until each has its HELLO_ACK or failed.
   *
   * @throws IllegalStateException if that takes longer than {@code within}
   */
  static IdleClients open(int port, int count, String token, Duration within)
      throws InterruptedException {
    IdleClients clients = new IdleClients();
    try {
      clients.connect(port, count, token, within);
    } catch (RuntimeException | InterruptedException e) {
      clients.close();
      throw e;
    }
    return clients;
  }

  private void connect(int port, int count, String token, Duration within)
      throws InterruptedException {
    byte[] hello = RawConnection.helloBytes("test", token);
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(FramingLimits.lengthDecoder(WireFormat.MIN_MAX_FRAME_BYTES))
                        .addLast(new FrameDecoder())
                        .addLast(new AwaitAck(hello, inFlight));
                  }
                });
    long deadline = System.nanoTime() + within.toNanos();
    InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
    for (int i = 0; i < count; i++) {
      if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException(progress() + " after " + within);
      }
      InetSocketAddress source = new InetSocketAddress("127.0.0." + (2 + i % SOURCE_ADDRESSES), 0);
      ChannelFuture f = bootstrap.connect(server, source);
      channels.add(f.channel());
      f.addListener(
          done -> {
            if (!done.isSuccess()) {
              fail(done.cause().toString());
              inFlight.release();
            }
          });
    }
    if (!inFlight.tryAcquire(
        IN_FLIGHT, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      throw new IllegalStateException(progress() + " after " + within);
    }
  }

  private void fail(String why) {
    failed.incrementAndGet();
    firstFailure.compareAndSet(null, why);
  }

  String progress() {
    return acked.get()
        + " handshakes done, "
        + failed.get()
        + " failed"
        + (firstFailure.get() == null ? "" : " (first: " + firstFailure.get() + ")");
  }

  int acked() {
    return acked.get();
  }

  int failed() {
    return failed.get();
  }

  /** Connections still open from this side. */
  int open() {
    return (int) channels.stream().filter(Channel::isActive).count();
  }

  @Override
  public void close() {
    channels.forEach(Channel::close);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Sends HELLO when connected, counts the HELLO_ACK, and frees a handshake slot either way. */
  private final class AwaitAck extends ChannelInboundHandlerAdapter {
    private final byte[] hello;
    private final Semaphore inFlight;
    private boolean done;

    AwaitAck(byte[] hello, Semaphore inFlight) {
      this.hello = hello;
      this.inFlight = inFlight;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(hello));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof Frame.Hello h && h.ack()) {
          finish(null);
        } else {
          finish("expected HELLO_ACK, got " + msg);
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      finish("closed by the server");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      finish(cause.toString());
      ctx.close();
    }

    private void finish(String failure) {
      if (done) {
        return;
      }
      done = true;
      if (failure == null) {
        acked.incrementAndGet();
      } else {
        fail(failure);
      }
      inFlight.release();
    }
  }

  /**
   * Child-JVM mode: {@code IdleClients <port> <count> [token]} opens the connections, prints one
   * line {@code ACKED <n> FAILED <m> [first failure]}, and holds them until standard input closes.
   * Each line {@code COUNT} read meanwhile is answered with {@code OPEN <connections still open>}.
   */
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int count = Integer.parseInt(args[1]);
    String token = args.length > 2 ? args[2] : "";
    try (IdleClients clients = new IdleClients()) {
      try {
        clients.connect(port, count, token, Duration.ofSeconds(60));
      } catch (IllegalStateException e) {
        // reported below: the parent decides
      }
      String first = clients.firstFailure.get();
      System.out.println(
          "ACKED "
              + clients.acked()
              + " FAILED "
              + clients.failed()
              + (first == null ? "" : " " + first));
      System.out.flush();
      BufferedReader stdin =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      // Hold the connections until the parent closes our standard input; answer its questions.
      for (String line; (line = stdin.readLine()) != null; ) {
        if (line.equals("COUNT")) {
          System.out.println("OPEN " + clients.open());
          System.out.flush();
        }
      }
    }
  }
}
