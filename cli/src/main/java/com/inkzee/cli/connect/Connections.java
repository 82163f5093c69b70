package com.inkzee.cli.connect;

import com.inkzee.rpc.api.fetcher.FetcherService;
import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.api.health.Pingable;
import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.client.ClientConfig;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The command's connections to the services, opened on first use and closed with it. Before a
 * client is opened, a TCP probe checks that something listens ({@link ServiceDownException} at once
 * if not); every call of a stub it hands out that fails comes back as a {@link
 * ServiceCallException} naming the service and the method.
 */
public final class Connections implements AutoCloseable {
  /** How long the TCP probe waits: a loopback refusal is immediate, a remote host may be slow. */
  public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  /** How long the Inkzee RPC handshake may take once something listens. */
  public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

  /** Deadline of a call that names none: the RPC client's own default. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);

  private final ServiceAddresses addresses;
  private final TcpProbe probe = new TcpProbe(PROBE_TIMEOUT);
  private final Map<ServiceKind, RpcClient<?>> clients = new EnumMap<>(ServiceKind.class);

  /** One lock per service: probes of different services (status) connect in parallel. */
  private final Map<ServiceKind, Object> locks = new EnumMap<>(ServiceKind.class);

  private boolean closed;

  public Connections(ServiceAddresses addresses) {
    this.addresses = addresses;
    for (ServiceKind kind : ServiceKind.values()) {
      locks.put(kind, new Object());
    }
  }

  public ServiceAddresses addresses() {
    return addresses;
  }

  public StoreService store() {
    return stub(ServiceKind.STORE, StoreService.class, DEFAULT_CALL_TIMEOUT);
  }

  public FetcherService fetcher(Duration callTimeout) {
    return stub(ServiceKind.FETCHER, FetcherService.class, callTimeout);
  }

  public RankerService ranker(Duration callTimeout) {
    return stub(ServiceKind.RANKER, RankerService.class, callTimeout);
  }

  /**
   * Whether the service answers a ping, and what it says; never throws (for {@code status}, which
   * reports every service whatever the state of the others).
   */
  public Probe probe(ServiceKind kind) {
    try {
      PingResponse pong =
          stub(kind, kind.type(), HANDSHAKE_TIMEOUT).ping(new PingRequest("inkzee-cli"));
      return Probe.up(kind, addresses.of(kind), pong);
    } catch (ServiceDownException e) {
      return Probe.down(kind, addresses.of(kind), String.join("; ", e.reasons()));
    } catch (ServiceCallException e) {
      return Probe.down(kind, addresses.of(kind), e.status() + ": " + e.detail());
    }
  }

  /** A service's answer to ping, or why there was none. */
  public record Probe(
      ServiceKind service, List<Endpoint> endpoints, PingResponse pong, String problem) {
    static Probe up(ServiceKind kind, List<Endpoint> endpoints, PingResponse pong) {
      return new Probe(kind, endpoints, pong, null);
    }

    static Probe down(ServiceKind kind, List<Endpoint> endpoints, String problem) {
      return new Probe(kind, endpoints, null, problem);
    }

    public boolean up() {
      return pong != null;
    }

    /** Up and its own dependencies answer (the store's database, the ranker's store). */
    public boolean ready() {
      return pong != null && pong.ready();
    }
  }

  private <S> S stub(ServiceKind kind, Class<S> type, Duration callTimeout) {
    S raw = type.cast(client(kind).stub(callTimeout));
    Object proxy =
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (self, method, args) -> {
              try {
                return method.invoke(raw, args);
              } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RpcException rpc) {
                  throw new ServiceCallException(kind, method.getName(), rpc);
                }
                throw e.getCause();
              }
            });
    return type.cast(proxy);
  }

  private RpcClient<?> client(ServiceKind kind) {
    synchronized (locks.get(kind)) {
      synchronized (this) {
        if (closed) {
          throw new IllegalStateException("connections are closed");
        }
        RpcClient<?> open = clients.get(kind);
        if (open != null) {
          return open;
        }
      }
      RpcClient<?> client = open(kind);
      synchronized (this) {
        if (closed) {
          client.close();
          throw new IllegalStateException("connections are closed");
        }
        clients.put(kind, client);
      }
      return client;
    }
  }

  /** Probes the endpoints, then opens a client and waits for its handshake. */
  private RpcClient<?> open(ServiceKind kind) {
    List<Endpoint> endpoints = addresses.of(kind);
    List<String> problems = new ArrayList<>();
    for (Endpoint e : endpoints) {
      String problem = probe.problemWith(e);
      if (problem != null) {
        problems.add(problem);
      }
    }
    if (problems.size() == endpoints.size()) {
      throw new ServiceDownException(kind, endpoints, problems);
    }
    RpcClient<?> client =
        RpcClient.connect(
            InkzeeCatalogue.get(),
            kind.type(),
            ClientConfig.defaults(endpoints).toBuilder()
                .connectTimeout(HANDSHAKE_TIMEOUT)
                .authToken(addresses.authToken())
                .ssl(addresses.tls())
                .build());
    if (!client.awaitReady(HANDSHAKE_TIMEOUT)) {
      // Something listens but no handshake completed: a refusal (bad token, incompatible
      // catalogue) fails a call at once with its status; anything else is not an Inkzee service.
      try {
        ((Pingable) client.stub(Duration.ofSeconds(1))).ping(new PingRequest("inkzee-cli"));
      } catch (RpcException e) {
        client.close();
        if (e.status() == Status.UNAVAILABLE || e.status() == Status.DEADLINE_EXCEEDED) {
          throw new ServiceDownException(
              kind,
              endpoints,
              List.of("something listens but does not answer Inkzee RPC: " + e.detail()));
        }
        throw new ServiceCallException(kind, ServiceCallException.HANDSHAKE, e);
      }
    }
    return client;
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (RpcClient<?> c : clients.values()) {
      c.close();
    }
    clients.clear();
  }
}
