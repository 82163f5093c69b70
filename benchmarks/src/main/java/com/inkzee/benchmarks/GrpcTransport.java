package com.inkzee.benchmarks;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.inkzee.benchmarks.BenchMessages.RiverRequest;
import com.inkzee.benchmarks.BenchMessages.SmallRequest;
import com.inkzee.rpc.catalogue.MessageCodec;
import com.inkzee.rpc.server.HandlerMode;
import com.inkzee.rpc.wire.WireFormat;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * gRPC-java over Netty (HTTP/2), server and client in this process on loopback, carrying the same
 * Kryo bytes as Inkzee RPC ({@link KryoMarshaller}), with one channel (one connection), as an
 * Inkzee client holds one connection.
 *
 * <p>Both ends run as gRPC users usually run them: the server with its default executor (a cached
 * thread pool, so handlers leave the event loop as Inkzee's do on its bounded executor) unless
 * {@code -Dbench.handlers=event-loop}, which makes it direct; the client with a direct executor,
 * gRPC's advice for non-blocking callers, which favours gRPC. Every call has a 10 s deadline, as
 * every Inkzee call has a timeout.
 */
final class GrpcTransport implements Transport {
  /** The service name on the wire: {@code /inkzee.bench.Bench/Small}. */
  static final String SERVICE = "inkzee.bench.Bench";

  private static final long DEADLINE_SECONDS = 10;

  private final Workload workload;
  private final Server server;
  private final ManagedChannel channel;
  private final MethodDescriptor<Object, Object> method;
  private final EventLoopGroup clientLoops;

  private GrpcTransport(Workload workload, Server server, int port) {
    this.workload = workload;
    this.server = server;
    MessageCodec codec = new MessageCodec(BenchCatalogue.get(), WireFormat.DEFAULT_MAX_FRAME_BYTES);
    this.method =
        workload.request() instanceof SmallRequest
            ? descriptor(codec, "Small", SmallRequest.class)
            : descriptor(codec, "River", RiverRequest.class);
    // Its own I/O threads, as many as an Inkzee client's: gRPC's default would put client and
    // server on one shared group, which in one process can land both ends on one thread.
    this.clientLoops =
        new NioEventLoopGroup(
            Math.min(2, Runtime.getRuntime().availableProcessors()),
            new DefaultThreadFactory("grpc-client-io", true));
    this.channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port)
            .eventLoopGroup(clientLoops)
            .channelType(NioSocketChannel.class)
            .usePlaintext()
            .directExecutor()
            .build();
  }

  static GrpcTransport start(Workload workload) {
    return start(workload, PortRoute.DIRECT);
  }

  /** Starts the server, and a channel that connects through {@code route}. */
  static GrpcTransport start(Workload workload, PortRoute route) {
    Server server = startServer();
    return new GrpcTransport(workload, server, route.clientPort(server.getPort()));
  }

  /** A channel to a server this transport does not own (another process's, in the flood test). */
  static GrpcTransport connect(Workload workload, int port) {
    return new GrpcTransport(workload, null, port);
  }

  /** The benchmark service on a gRPC Netty server on a free loopback port. */
  static Server startServer() {
    MessageCodec codec = new MessageCodec(BenchCatalogue.get(), WireFormat.DEFAULT_MAX_FRAME_BYTES);
    BenchHandler handler = new BenchHandler();
    ServerServiceDefinition service =
        ServerServiceDefinition.builder(SERVICE)
            .addMethod(
                descriptor(codec, "Small", SmallRequest.class),
                ServerCalls.asyncUnaryCall(
                    (request, answer) -> {
                      answer.onNext(handler.small((SmallRequest) request));
                      answer.onCompleted();
                    }))
            .addMethod(
                descriptor(codec, "River", RiverRequest.class),
                ServerCalls.asyncUnaryCall(
                    (request, answer) -> {
                      answer.onNext(handler.river((RiverRequest) request));
                      answer.onCompleted();
                    }))
            .build();
    // Its own acceptor and I/O threads, as many as an Inkzee server's (see the client's).
    EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("grpc-accept", true));
    EventLoopGroup workers =
        new NioEventLoopGroup(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            new DefaultThreadFactory("grpc-server-io", true));
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .bossEventLoopGroup(boss)
            .workerEventLoopGroup(workers)
            .channelType(NioServerSocketChannel.class)
            .addService(service);
    if (InkzeeTransport.handlerMode() == HandlerMode.EVENT_LOOP) {
      builder.directExecutor();
    }
    try {
      Server server = builder.build().start();
      // gRPC does not own groups it was given: stop them once the server has terminated.
      Thread stopper =
          new Thread(
              () -> {
                try {
                  server.awaitTermination();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
              },
              "grpc-server-stopper");
      stopper.setDaemon(true);
      stopper.start();
      return server;
    } catch (IOException | RuntimeException e) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IllegalStateException("gRPC server did not start: " + e, e);
    }
  }

  /**
   * A unary method whose request and response travel as Inkzee's encoding of the benchmark types.
   * The response type comes from the Inkzee method of the same name, so both carry one message.
   */
  private static MethodDescriptor<Object, Object> descriptor(
      MessageCodec codec, String name, Class<?> requestType) {
    Class<?> responseType =
        BenchCatalogue.get().service(BenchService.class).methods().stream()
            .filter(m -> m.requestType() == requestType)
            .findFirst()
            .orElseThrow()
            .responseType();
    return MethodDescriptor.<Object, Object>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(marshaller(codec, requestType))
        .setResponseMarshaller(marshaller(codec, responseType))
        .setIdempotent(true)
        .build();
  }

  @SuppressWarnings("unchecked")
  private static KryoMarshaller<Object> marshaller(MessageCodec codec, Class<?> type) {
    return new KryoMarshaller<>(codec, (Class<Object>) type);
  }

  @Override
  public String name() {
    return "grpc";
  }

  @Override
  public CompletableFuture<?> call() {
    CompletableFuture<Object> answer = new CompletableFuture<>();
    ListenableFuture<Object> call =
        ClientCalls.futureUnaryCall(
            channel.newCall(
                method, CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)),
            workload.request());
    Futures.addCallback(
        call,
        new FutureCallback<>() {
          @Override
          public void onSuccess(Object result) {
            answer.complete(result);
          }

          @Override
          public void onFailure(Throwable t) {
            answer.completeExceptionally(t);
          }
        },
        MoreExecutors.directExecutor());
    return answer;
  }

  /** Checks that the decoded answer is exactly what the handler returned. */
  @Override
  public void verify() {
    Object answer;
    try {
      answer = call().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("gRPC " + workload.name() + " call failed: " + e, e);
    }
    if (!workload.response().equals(answer)) {
      throw new IllegalStateException(
          "gRPC " + workload.name() + " call answered " + answer + ", expected the handler's");
    }
  }

  /** Not counted here: {@link WireCount} counts every transport at a proxy's sockets. */
  @Override
  public double wireBytesPerCall() {
    return Double.NaN;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    if (server != null) {
      server.shutdownNow();
    }
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
      if (server != null) {
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
      clientLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
