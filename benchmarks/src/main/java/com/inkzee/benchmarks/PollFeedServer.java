package com.inkzee.benchmarks;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A loopback HTTP server hosting many feeds, for the poll benchmark: {@code /feed/N} is feed N, an
 * RSS 2.0 document of about 30 KB with an ETag. While {@link #setChangeRatio} is above zero, that
 * share of requests finds its feed changed (five new items, a new ETag); every other conditional
 * request gets a 304. It listens on several loopback addresses (127.0.1.1, 127.0.1.2, ...) so the
 * feeds spread over hosts as real ones do, and the fetcher's per-host limit applies per address.
 */
final class PollFeedServer implements AutoCloseable {
  /** Items per feed document: with ~1.4 KB each, a document of about 30 KB. */
  static final int ITEMS = 20;

  private static final int NEW_ITEMS_PER_CHANGE = 5;
  private static final String[] PARAGRAPHS = paragraphs();

  private final EventLoopGroup boss =
      new NioEventLoopGroup(1, new DefaultThreadFactory("feeds-accept", true));
  private final EventLoopGroup workers =
      new NioEventLoopGroup(1, new DefaultThreadFactory("feeds-io", true));
  private final List<Channel> listeners = new ArrayList<>();
  private final List<String> hosts = new ArrayList<>();
  private final AtomicIntegerArray versions;
  private final LongAdder ok = new LongAdder();
  private final LongAdder notModified = new LongAdder();
  private final LongAdder bodyBytes = new LongAdder();
  private volatile double changeRatio;
  private int port;

  PollFeedServer(int feeds, int hostCount) {
    this.versions = new AtomicIntegerArray(feeds);
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(64 * 1024))
                        .addLast(new FeedHandler());
                  }
                });
    for (int h = 1; h <= hostCount; h++) {
      String host = "127.0.1." + h;
      Channel c = b.bind(host, port).syncUninterruptibly().channel();
      if (port == 0) {
        port = ((java.net.InetSocketAddress) c.localAddress()).getPort();
      }
      listeners.add(c);
      hosts.add(host);
    }
  }

  /** The URL of feed {@code n}, on one of the hosts. */
  String url(int n) {
    return "http://" + hosts.get(n % hosts.size()) + ":" + port + "/feed/" + n;
  }

  void setChangeRatio(double ratio) {
    this.changeRatio = ratio;
  }

  long okCount() {
    return ok.sum();
  }

  long notModifiedCount() {
    return notModified.sum();
  }

  long bodyBytes() {
    return bodyBytes.sum();
  }

  @Override
  public void close() {
    listeners.forEach(Channel::close);
    boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static String etag(int feed, int version) {
    return "\"f" + feed + "v" + version + "\"";
  }

  /** Feed {@code n} at {@code version}: the newest {@link #ITEMS} items, five more per version. */
  static String document(int n, int version, String url) {
    StringBuilder sb = new StringBuilder(32 * 1024);
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>")
        .append("<title>Benchmark feed ")
        .append(n)
        .append("</title><link>")
        .append(url)
        .append("</link><description>A feed of the poll benchmark</description>");
    int newest = ITEMS + version * NEW_ITEMS_PER_CHANGE;
    for (int k = newest; k > newest - ITEMS; k--) {
      sb.append("<item><title>Story ")
          .append(k)
          .append(" of feed ")
          .append(n)
          .append("</title><link>")
          .append(url)
          .append("/story/")
          .append(k)
          .append("</link><guid isPermaLink=\"false\">f")
          .append(n)
          .append("-s")
          .append(k)
          .append("</guid><pubDate>")
          .append(pubDate(k))
          .append("</pubDate><description><![CDATA[<p>")
          .append(PARAGRAPHS[(n + k) % PARAGRAPHS.length])
          .append("</p>]]></description></item>");
    }
    return sb.append("</channel></rss>").toString();
  }

  private static String pubDate(int k) {
    java.time.ZonedDateTime t =
        java.time.ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, java.time.ZoneOffset.UTC).plusHours(k);
    return java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(t);
  }

  private static String[] paragraphs() {
    Random r = new Random(7);
    String[] words = {
      "feed", "reader", "river", "story", "update", "release", "security", "kernel", "climate",
      "market", "review", "launch", "report", "analysis", "open", "source", "network", "storage"
    };
    String[] out = new String[64];
    for (int i = 0; i < out.length; i++) {
      StringBuilder sb = new StringBuilder();
      while (sb.length() < 1_200) {
        sb.append(words[r.nextInt(words.length)]).append(r.nextInt(12) == 0 ? ". " : " ");
      }
      out[i] = sb.toString();
    }
    return out;
  }

  private final class FeedHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      String path = req.uri();
      FullHttpResponse res;
      int n = -1;
      if (path.startsWith("/feed/")) {
        try {
          n = Integer.parseInt(path.substring("/feed/".length()));
        } catch (NumberFormatException e) {
          n = -1;
        }
      }
      if (n < 0 || n >= versions.length()) {
        res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND);
      } else {
        String sent = req.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        int version = versions.get(n);
        if (sent != null
            && java.util.concurrent.ThreadLocalRandom.current().nextDouble() < changeRatio) {
          version = versions.incrementAndGet(n);
        }
        String tag = etag(n, version);
        if (tag.equals(sent)) {
          res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
          res.headers().set(HttpHeaderNames.ETAG, tag);
          notModified.increment();
        } else {
          String host = req.headers().get(HttpHeaderNames.HOST);
          byte[] body =
              document(n, version, "http://" + host + "/feed/" + n)
                  .getBytes(StandardCharsets.UTF_8);
          ByteBuf content = Unpooled.wrappedBuffer(body);
          res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, content);
          res.headers()
              .set(HttpHeaderNames.CONTENT_TYPE, "application/rss+xml; charset=utf-8")
              .set(HttpHeaderNames.ETAG, tag);
          ok.increment();
          bodyBytes.add(body.length);
        }
      }
      HttpUtil.setContentLength(res, res.content().readableBytes());
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      HttpUtil.setKeepAlive(res, keepAlive);
      var f = ctx.writeAndFlush(res);
      if (!keepAlive) {
        f.addListener(ChannelFutureListener.CLOSE);
      }
    }
  }
}
