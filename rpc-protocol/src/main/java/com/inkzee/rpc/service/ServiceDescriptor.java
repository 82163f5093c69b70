package com.inkzee.rpc.service;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A service interface read once into a table of {@link MethodDescriptor}s: by wire id for the
 * server's dispatch, by {@link Method} for the client's proxy.
 *
 * <p>Each method takes exactly one message and returns one message; both must be registered in the
 * catalogue. This keeps every call evolvable the same way: by adding optional fields.
 */
public final class ServiceDescriptor<S> {
  public static final int MAX_METHOD_ID = 0xFFFF;

  private final Class<S> type;
  private final String name;
  private final MethodDescriptor<?, ?>[] byId;
  private final Map<Method, MethodDescriptor<?, ?>> byMethod;
  private final List<MethodDescriptor<?, ?>> methods;

  private ServiceDescriptor(Class<S> type) {
    if (!type.isInterface()) {
      throw new IllegalArgumentException(type.getName() + " is not an interface");
    }
    RpcService service = type.getAnnotation(RpcService.class);
    if (service == null) {
      throw new IllegalArgumentException(type.getName() + " has no @RpcService");
    }
    this.type = type;
    this.name = service.value();
    Map<Integer, MethodDescriptor<?, ?>> ids = new HashMap<>();
    Map<String, MethodDescriptor<?, ?>> names = new HashMap<>();
    Map<Method, MethodDescriptor<?, ?>> reflected = new HashMap<>();
    for (Method m : type.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || m.isDefault()) {
        continue;
      }
      RpcMethod rpc = m.getAnnotation(RpcMethod.class);
      if (rpc == null) {
        throw new IllegalArgumentException(m + " has no @RpcMethod id");
      }
      if (rpc.id() < 0 || rpc.id() > MAX_METHOD_ID) {
        throw new IllegalArgumentException(m + ": method id out of range 0..65535: " + rpc.id());
      }
      if (m.getParameterCount() != 1) {
        throw new IllegalArgumentException(m + " must take exactly one request message");
      }
      MethodDescriptor<?, ?> d = describe(m, rpc);
      if (ids.put(rpc.id(), d) != null) {
        throw new IllegalArgumentException(
            type.getName() + ": method id " + rpc.id() + " used twice");
      }
      if (names.put(m.getName(), d) != null) {
        throw new IllegalArgumentException(type.getName() + ": overloaded method " + m.getName());
      }
      reflected.put(m, d);
    }
    int max = ids.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
    byId = new MethodDescriptor<?, ?>[max + 1];
    ids.forEach((id, d) -> byId[id] = d);
    byMethod = Map.copyOf(reflected);
    MethodDescriptor<?, ?>[] sorted = ids.values().toArray(new MethodDescriptor<?, ?>[0]);
    Arrays.sort(sorted, Comparator.comparingInt(MethodDescriptor::id));
    methods = List.of(sorted);
  }

  private <Q, R> MethodDescriptor<Q, R> describe(Method m, RpcMethod rpc) {
    @SuppressWarnings("unchecked")
    Class<Q> req = (Class<Q>) m.getParameterTypes()[0];
    @SuppressWarnings("unchecked")
    Class<R> resp = (Class<R>) m.getReturnType();
    return new MethodDescriptor<>(
        name, m.getName(), rpc.id(), rpc.idempotent(), req, resp, m, name + "." + m.getName());
  }

  public static <S> ServiceDescriptor<S> of(Class<S> type) {
    return new ServiceDescriptor<>(type);
  }

  public Class<S> type() {
    return type;
  }

  public String name() {
    return name;
  }

  /** The method with this wire id, or null. */
  public MethodDescriptor<?, ?> method(int id) {
    return id >= 0 && id < byId.length ? byId[id] : null;
  }

  /** The descriptor of an interface method, or null for Object's methods. */
  public MethodDescriptor<?, ?> method(Method m) {
    return byMethod.get(m);
  }

  /** All methods, ordered by id. */
  public List<MethodDescriptor<?, ?>> methods() {
    return Collections.unmodifiableList(methods);
  }
}
