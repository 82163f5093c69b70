package com.inkzee.benchmarks;

import com.inkzee.benchmarks.BenchMessages.SmallRequest;
import com.inkzee.rpc.xmlrpc.XmlRpcConfig;
import com.inkzee.rpc.xmlrpc.XmlRpcServer;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.apache.xmlrpc.client.XmlRpcClientException;
import org.apache.xmlrpc.client.XmlRpcSunHttpTransport;
import org.apache.xmlrpc.client.XmlRpcTransport;
import org.apache.xmlrpc.client.XmlRpcTransportFactoryImpl;

/**
 * Apache XML-RPC 3.1.3's client calling an XML-RPC server over HTTP/1.1, in one of two ways:
 *
 * <ul>
 *   <li>{@link Connections#PER_CALL}: a new TCP connection per call, closed after the answer
 *       ({@code Connection: close}), as the original system's subsystems called each other;
 *   <li>{@link Connections#KEEP_ALIVE}: connections reused between calls.
 * </ul>
 *
 * <p>Both use Apache's Sun HTTP transport ({@code HttpURLConnection}), which brings nothing beyond
 * the JDK, rather than its Commons HttpClient 3 transport (a third, long-dead library). Stock, that
 * transport ends every call with {@code HttpURLConnection.disconnect()}, which closes the socket:
 * no keep-alive at all. The keep-alive variant only skips that disconnect, so the JDK's keep-alive
 * cache reuses the connection (its per-server cap, {@code http.maxConnections}, is raised from 5 to
 * 10,000 here, else most of 256 callers would reconnect every call).
 *
 * <p>The client is blocking, so each caller is a thread: calls run on a pool with one thread per
 * caller of the cell, and complete a future the load runners wait on.
 *
 * <p>The server is pluggable: {@link #againstApache} starts Apache's own {@link
 * ApacheXmlRpcServer}, {@link #againstOurs} our {@link XmlRpcServer}; {@link #against} takes any
 * port.
 */
final class ApacheXmlRpcTransport implements Transport {
  static {
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", "10000");
    }
  }

  /** How the client treats connections. */
  enum Connections {
    PER_CALL,
    KEEP_ALIVE
  }

  private final String name;
  private final Workload workload;
  private final XmlRpcClient client;
  private final String methodName;
  private final Object[] params;
  private final Object expected;
  private final ExecutorService threads;
  private final AutoCloseable server;

  private ApacheXmlRpcTransport(
      String name,
      Workload workload,
      URL url,
      Connections connections,
      int callers,
      AutoCloseable server) {
    this.name = name;
    this.workload = workload;
    this.server = server;
    XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
    config.setServerURL(url);
    config.setEnabledForExtensions(false);
    config.setConnectionTimeout(5_000);
    config.setReplyTimeout(10_000);
    client = new XmlRpcClient();
    client.setConfig(config);
    client.setTransportFactory(
        connections == Connections.PER_CALL
            ? new Factory(client, ClosingTransport::new)
            : new Factory(client, KeepAliveTransport::new));
    methodName = workload.request() instanceof SmallRequest ? "bench.small" : "bench.river";
    params = new Object[] {XmlRpcValues.toXmlRpc(workload.request())};
    // What survives the trip: the same message with what XML-RPC cannot carry dropped.
    expected =
        XmlRpcValues.fromXmlRpc(
            XmlRpcValues.toXmlRpc(workload.response()), workload.response().getClass());
    AtomicInteger n = new AtomicInteger();
    threads =
        new ThreadPoolExecutor(
            callers,
            callers,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              // Small stacks: the 5,000-caller run has 5,000 of these.
              Thread t = new Thread(null, r, name + "-caller-" + n.incrementAndGet(), 256 * 1024);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Apache's client against Apache's own server, started here.
   *
   * @param callers the most calls that will be in flight at once: one blocking thread each
   */
  static ApacheXmlRpcTransport againstApache(
      Workload workload, Connections connections, int callers, PortRoute route) {
    ApacheXmlRpcServer server = ApacheXmlRpcServer.start(connections == Connections.KEEP_ALIVE);
    try {
      String name =
          connections == Connections.PER_CALL
              ? PeerTransports.XMLRPC_PER_CALL
              : PeerTransports.XMLRPC_KEEP_ALIVE;
      return against(name, workload, route.clientPort(server.port()), connections, callers, server);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /**
   * Apache's client against our own XML-RPC endpoint ({@link XmlRpcServer}, as the services serve
   * it beside Inkzee RPC: Netty, a hardened StAX parser, the bounded handler executor), serving the
   * same {@link BenchHandler} as the binary transports.
   */
  static ApacheXmlRpcTransport againstOurs(
      Workload workload, Connections connections, int callers, PortRoute route) {
    XmlRpcServer server = startOurServer();
    try {
      String name =
          connections == Connections.PER_CALL
              ? PeerTransports.XMLRPC_OURS_PER_CALL
              : PeerTransports.XMLRPC_OURS_KEEP_ALIVE;
      return against(name, workload, route.clientPort(server.port()), connections, callers, server);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** Our XML-RPC server for the benchmark service on a free loopback port, default settings. */
  static XmlRpcServer startOurServer() {
    return XmlRpcServer.builder(BenchCatalogue.get(), XmlRpcConfig.defaults(0))
        .service(BenchService.class, new BenchHandler())
        .start();
  }

  /**
   * Apache's client against any XML-RPC server on loopback that answers {@code bench.small} and
   * {@code bench.river} at {@code /RPC2}.
   *
   * @param server closed with this transport, or null
   */
  static ApacheXmlRpcTransport against(
      String name,
      Workload workload,
      int port,
      Connections connections,
      int callers,
      AutoCloseable server) {
    try {
      URL url = new URL("http://127.0.0.1:" + port + "/RPC2");
      return new ApacheXmlRpcTransport(name, workload, url, connections, callers, server);
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CompletableFuture<?> call() {
    return CompletableFuture.supplyAsync(this::callNow, threads);
  }

  private Object callNow() {
    try {
      return XmlRpcValues.fromXmlRpc(
          client.execute(methodName, params), workload.response().getClass());
    } catch (XmlRpcException e) {
      throw new CompletionException(e);
    }
  }

  /** Checks that the answer, mapped back, is the handler's answer as XML-RPC can carry it. */
  @Override
  public void verify() {
    Object answer;
    try {
      answer = call().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(name + " " + workload.name() + " call failed: " + e, e);
    }
    if (!expected.equals(answer)) {
      throw new IllegalStateException(
          name + " " + workload.name() + " call answered " + answer + ", expected " + expected);
    }
  }

  /** Not counted here: {@link WireCount} counts every transport at a proxy's sockets. */
  @Override
  public double wireBytesPerCall() {
    return Double.NaN;
  }

  @Override
  public void close() {
    threads.shutdownNow();
    if (server != null) {
      try {
        server.close();
      } catch (Exception ignored) {
        // stopping anyway
      }
    }
  }

  /** Makes one transport per request, of the kind given. */
  private static final class Factory extends XmlRpcTransportFactoryImpl {
    private final java.util.function.Function<XmlRpcClient, XmlRpcTransport> make;

    Factory(XmlRpcClient client, java.util.function.Function<XmlRpcClient, XmlRpcTransport> make) {
      super(client);
      this.make = make;
    }

    @Override
    public XmlRpcTransport getTransport() {
      return make.apply(getClient());
    }
  }

  /** Asks the server to close the connection after its answer, then closes it. */
  private static final class ClosingTransport extends XmlRpcSunHttpTransport {
    ClosingTransport(XmlRpcClient client) {
      super(client);
    }

    @Override
    protected void initHttpHeaders(XmlRpcRequest request) throws XmlRpcClientException {
      super.initHttpHeaders(request);
      setRequestHeader("Connection", "close");
    }
  }

  /**
   * Leaves the connection to the JDK's keep-alive cache: closes the (fully read) answer stream
   * instead of disconnecting, and disconnects only when that fails.
   */
  private static final class KeepAliveTransport extends XmlRpcSunHttpTransport {
    KeepAliveTransport(XmlRpcClient client) {
      super(client);
    }

    @Override
    protected void close() throws XmlRpcClientException {
      URLConnection c = getURLConnection();
      try {
        c.getInputStream().close();
      } catch (IOException e) {
        if (c instanceof HttpURLConnection http) {
          http.disconnect();
        }
      }
    }
  }
}
