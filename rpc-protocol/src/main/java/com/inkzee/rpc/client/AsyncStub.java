package com.inkzee.rpc.client;

import com.inkzee.rpc.service.MethodDescriptor;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.function.Function;

/**
 * The asynchronous call style over the same service interface as the blocking stub: the lambda runs
 * against a recording proxy that captures the method and its request, and the call is sent without
 * blocking.
 *
 * <pre>{@code
 * RpcFuture<PingResponse> f = client.async().call(s -> s.ping(new PingRequest("hi")));
 * }</pre>
 */
public final class AsyncStub<S> {
  private static final ThreadLocal<Object[]> CAPTURED = new ThreadLocal<>();

  private final RpcClient<S> client;
  private final S recorder;

  AsyncStub(RpcClient<S> client) {
    this.client = client;
    Object proxy =
        Proxy.newProxyInstance(
            client.service().type().getClassLoader(),
            new Class<?>[] {client.service().type()},
            (self, method, args) -> {
              MethodDescriptor<?, ?> m = client.service().method(method);
              if (m == null) {
                throw new UnsupportedOperationException(
                    "only service methods can be called: " + method);
              }
              CAPTURED.set(new Object[] {m, args[0]});
              return null;
            });
    this.recorder = client.service().type().cast(proxy);
  }

  /** Starts the one service call made by {@code invocation}, with the default timeout. */
  public <R> RpcFuture<R> call(Function<S, R> invocation) {
    return call(invocation, client.config().callTimeout());
  }

  /** Starts the one service call made by {@code invocation}, with {@code timeout}. */
  public <R> RpcFuture<R> call(Function<S, R> invocation, Duration timeout) {
    CAPTURED.remove();
    invocation.apply(recorder);
    Object[] captured = CAPTURED.get();
    CAPTURED.remove();
    if (captured == null) {
      throw new IllegalArgumentException("the lambda made no call on the service");
    }
    @SuppressWarnings("unchecked")
    MethodDescriptor<Object, R> method = (MethodDescriptor<Object, R>) captured[0];
    return client.call(method, captured[1], timeout);
  }
}
