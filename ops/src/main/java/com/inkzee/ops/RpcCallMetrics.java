package com.inkzee.ops;

import com.inkzee.rpc.runtime.CallObserver;
import com.inkzee.rpc.runtime.EndedCall;
import com.inkzee.rpc.service.MethodDescriptor;
import com.inkzee.rpc.status.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Times Inkzee RPC calls into a Micrometer timer per service, method and status, with fixed latency
 * buckets (a Prometheus histogram): {@code inkzee_rpc_server_calls_seconds} for the calls a server
 * answered, {@code inkzee_rpc_client_calls_seconds} for those a client made. A {@link
 * CallObserver}, so the RPC runtime needs no metrics library.
 */
public final class RpcCallMetrics implements CallObserver {
  /** Timer name of the calls a server answered. */
  public static final String SERVER_CALLS = "inkzee.rpc.server.calls";

  /** Timer name of the calls a service's XML-RPC endpoint answered. */
  public static final String XMLRPC_SERVER_CALLS = "inkzee.xmlrpc.server.calls";

  /** Timer name of the calls a client made. */
  public static final String CLIENT_CALLS = "inkzee.rpc.client.calls";

  /** Histogram bucket bounds: {@link LatencyBuckets}. */
  static final Duration[] BUCKETS = LatencyBuckets.bounds();

  private static final int STATUSES = Status.values().length + 1; // slot 0 is OK

  private final MeterRegistry registry;
  private final String name;
  private final String description;
  // One timer per method and status, built on first use: the registry lookup allocates, a call
  // should not.
  private final Map<MethodDescriptor<?, ?>, AtomicReferenceArray<Timer>> timers =
      new ConcurrentHashMap<>();

  private RpcCallMetrics(MeterRegistry registry, String name, String description) {
    this.registry = registry;
    this.name = name;
    this.description = description;
  }

  /** Times the calls a server answers; register with {@code RpcServer.Builder.observer}. */
  public static RpcCallMetrics server(MeterRegistry registry) {
    return new RpcCallMetrics(
        registry, SERVER_CALLS, "Inkzee RPC calls answered, from request read to reply");
  }

  /**
   * Times the calls a service's XML-RPC endpoint answers, by the same methods and statuses as
   * Inkzee RPC's (a fault's status is its {@code faultCode}'s); register with {@code
   * XmlRpcServer.Builder.observer}. Apart from {@link #SERVER_CALLS}, so the two protocols' traffic
   * can be compared while clients move from one to the other.
   */
  public static RpcCallMetrics xmlRpcServer(MeterRegistry registry) {
    return new RpcCallMetrics(
        registry,
        XMLRPC_SERVER_CALLS,
        "XML-RPC calls answered, from request read to response handed to the connection");
  }

  /** Times the calls a client makes; register with {@code RpcClient.observe}. */
  public static RpcCallMetrics client(MeterRegistry registry) {
    return new RpcCallMetrics(
        registry, CLIENT_CALLS, "Inkzee RPC calls made, from start to result, retries included");
  }

  @Override
  public void callEnded(EndedCall call) {
    int slot = call.status() == null ? 0 : call.status().ordinal() + 1;
    AtomicReferenceArray<Timer> byStatus =
        timers.computeIfAbsent(call.method(), m -> new AtomicReferenceArray<>(STATUSES));
    Timer timer = byStatus.get(slot);
    if (timer == null) {
      timer = timer(call.method(), call.statusName());
      byStatus.set(slot, timer);
    }
    timer.record(call.durationNanos(), TimeUnit.NANOSECONDS);
  }

  private Timer timer(MethodDescriptor<?, ?> method, String status) {
    return Timer.builder(name)
        .description(description)
        .tag("service", method.service())
        .tag("method", method.name())
        .tag("status", status)
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  @Override
  public String toString() {
    return "RpcCallMetrics(" + name + ")";
  }
}
