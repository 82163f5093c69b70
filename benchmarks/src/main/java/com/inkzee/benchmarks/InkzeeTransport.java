package com.inkzee.benchmarks;

import com.inkzee.rpc.client.ClientConfig;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.server.HandlerMode;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.server.ServerConfig;
import com.inkzee.rpc.service.MethodDescriptor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Inkzee RPC as services run it: a real {@link RpcServer} and {@link RpcClient} with their default
 * configurations, on loopback, one multiplexed connection.
 */
final class InkzeeTransport implements Transport {
  private final Workload workload;
  private final RpcServer server;
  private final RpcClient<BenchService> client;
  private final MethodDescriptor<Object, Object> method;

  private InkzeeTransport(Workload workload, RpcServer server, PortRoute route) {
    this(workload, server, route.clientPort(server.port()));
  }

  /**
   * A client of the server on {@code port}.
   *
   * @param server the server this transport owns and stops, or null for one it does not own
   */
  private InkzeeTransport(Workload workload, RpcServer server, int port) {
    this.workload = workload;
    this.method = erased(workload.method());
    this.server = server;
    RpcClient<BenchService> c = null;
    try {
      c =
          RpcClient.connect(
              BenchCatalogue.get(),
              BenchService.class,
              ClientConfig.defaults(new Endpoint("127.0.0.1", port))
                  .withConnections(BenchOptions.connections(), 2));
      if (!c.awaitReady(Duration.ofSeconds(5))) {
        throw new IllegalStateException("Inkzee client did not connect within 5 s");
      }
    } catch (RuntimeException e) {
      if (c != null) {
        c.close();
      }
      if (server != null) {
        server.close();
      }
      throw e;
    }
    this.client = c;
  }

  /**
   * {@code -Dbench.handlers=executor} (default: handlers on the bounded executor, as a JDBC-backed
   * service runs them) or {@code event-loop} (inline, as an in-memory service may).
   */
  static HandlerMode handlerMode() {
    String mode = System.getProperty("bench.handlers", "executor");
    return switch (mode) {
      case "executor" -> HandlerMode.EXECUTOR;
      case "event-loop" -> HandlerMode.EVENT_LOOP;
      default ->
          throw new IllegalArgumentException(
              "bench.handlers=" + mode + ": expected executor or event-loop");
    };
  }

  static InkzeeTransport start(Workload workload) {
    return start(workload, PortRoute.DIRECT);
  }

  /** Starts the server, and a client that connects through {@code route}. */
  static InkzeeTransport start(Workload workload, PortRoute route) {
    return new InkzeeTransport(workload, startServer(), route);
  }

  /** A client of a server this transport does not own (another process's, in the flood test). */
  static InkzeeTransport connect(Workload workload, int port) {
    return new InkzeeTransport(workload, null, port);
  }

  /** The benchmark service on a real {@link RpcServer} with its default configuration. */
  static RpcServer startServer() {
    return RpcServer.builder(BenchCatalogue.get(), ServerConfig.defaults(0))
        .service(BenchService.class, new BenchHandler(), handlerMode())
        .start();
  }

  /**
   * The workload's method with its types erased, so one code path calls either method. Safe: the
   * request is checked against the method's request type here, once.
   */
  @SuppressWarnings("unchecked")
  private MethodDescriptor<Object, Object> erased(MethodDescriptor<?, ?> m) {
    if (!m.requestType().isInstance(workload.request())) {
      throw new IllegalArgumentException(m + " does not take " + workload.request());
    }
    return (MethodDescriptor<Object, Object>) m;
  }

  @Override
  public String name() {
    return "inkzee";
  }

  /** Calls through the client's core entry point, which the blocking and async stubs also use. */
  @Override
  public CompletableFuture<?> call() {
    return client.call(method, workload.request());
  }

  /** Checks that the decoded answer is exactly what the handler returned. */
  @Override
  public void verify() {
    Object answer = client.call(method, workload.request(), Duration.ofSeconds(5)).await();
    if (!workload.response().equals(answer)) {
      throw new IllegalStateException(
          "Inkzee " + workload.name() + " call answered " + answer + ", expected the handler's");
    }
  }

  /** Computed from the frames the Inkzee encoder produces, as this client cannot count them. */
  @Override
  public double wireBytesPerCall() {
    return workload.inkzeeBytesPerCall();
  }

  @Override
  public void close() {
    client.close();
    if (server != null) {
      server.close();
    }
  }
}
