package com.inkzee.ops;

import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.server.RpcServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service hands its operators, in one object passed to its start method: the metrics
 * registry {@code /metrics} shows, the health checks {@code /healthz} runs, and the RPC call
 * observers. The service registers its own gauges, counters and checks on it while it starts;
 * {@link ServiceRunner} serves them on the admin port.
 *
 * <pre>{@code
 * RpcServer server = RpcServer.builder(catalogue, config)
 *     .service(StoreService.class, handler)
 *     .observer(ops.serverCalls())
 *     .start();
 * ops.health().register("database", db::health);
 * ops.monitor(server);
 * }</pre>
 */
public final class ServiceOps implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServiceOps.class);

  private final String service;
  private final PrometheusMeterRegistry registry;
  private final HealthChecks health;
  private final GaugeSampler sampler;
  private final RpcCallMetrics serverCalls;
  private final RpcCallMetrics clientCalls;
  private final RpcCallMetrics xmlRpcCalls;
  private final List<AutoCloseable> closeables = new ArrayList<>(); // guarded by this

  private ServiceOps(String service) {
    this.service = Objects.requireNonNull(service, "service");
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.health = new HealthChecks(service);
    this.sampler = new GaugeSampler(registry, service, GaugeSampler.DEFAULT_INTERVAL);
    this.serverCalls = RpcCallMetrics.server(registry);
    this.clientCalls = RpcCallMetrics.client(registry);
    this.xmlRpcCalls = RpcCallMetrics.xmlRpcServer(registry);
  }

  /**
   * Operations state for {@code service} ("store"), with no process metrics: what tests that start
   * a service inside their own JVM use.
   */
  public static ServiceOps create(String service) {
    return new ServiceOps(service);
  }

  /** {@link #create} plus the JVM and process metrics: what a service process uses. */
  public static ServiceOps forProcess(String service) {
    ServiceOps ops = new ServiceOps(service);
    new JvmMemoryMetrics().bindTo(ops.registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(ops.registry);
    ops.alsoClose(gc);
    new JvmThreadMetrics().bindTo(ops.registry);
    new ClassLoaderMetrics().bindTo(ops.registry);
    new ProcessorMetrics().bindTo(ops.registry);
    new UptimeMetrics().bindTo(ops.registry);
    new FileDescriptorMetrics().bindTo(ops.registry);
    return ops;
  }

  public String service() {
    return service;
  }

  /** The registry {@code /metrics} shows. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The checks {@code /healthz} runs. */
  public HealthChecks health() {
    return health;
  }

  /** Gauges sampled in the background (values that cost a query). */
  public GaugeSampler sampler() {
    return sampler;
  }

  /** Times the calls this service's RPC server answers: pass to {@code Builder.observer}. */
  public RpcCallMetrics serverCalls() {
    return serverCalls;
  }

  /** Times the calls this service's XML-RPC endpoint answers: pass to {@code XmlRpcSettings}. */
  public RpcCallMetrics xmlRpcCalls() {
    return xmlRpcCalls;
  }

  /** Times the calls this service makes to others, and returns {@code client}. */
  public <S> RpcClient<S> observe(RpcClient<S> client) {
    return client.observe(clientCalls);
  }

  /** Gauges of a running RPC server: open connections and calls waiting for a handler thread. */
  public void monitor(RpcServer server) {
    Gauge.builder("inkzee.rpc.server.connections", server, RpcServer::connectionCount)
        .description("Inkzee RPC connections open (handshaking or established)")
        .register(registry);
    Gauge.builder("inkzee.rpc.server.queued.calls", server, RpcServer::queuedCalls)
        .description("Calls waiting for a handler thread")
        .register(registry);
  }

  /** Closes {@code resource} with this (a metrics binder, a sampler's data source). */
  public synchronized void alsoClose(AutoCloseable resource) {
    closeables.add(Objects.requireNonNull(resource, "resource"));
  }

  @Override
  public void close() {
    sampler.close();
    health.close();
    List<AutoCloseable> toClose;
    synchronized (this) {
      toClose = new ArrayList<>(closeables);
      closeables.clear();
    }
    for (int i = toClose.size() - 1; i >= 0; i--) {
      try {
        toClose.get(i).close();
      } catch (Exception e) {
        log.warn("closing {} failed: {}", toClose.get(i), e.toString());
      }
    }
    registry.close();
  }
}
