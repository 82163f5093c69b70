package com.inkzee.rpc.server;

import com.inkzee.rpc.service.MethodDescriptor;
import com.inkzee.rpc.service.ServiceDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A service implementation bound to its descriptor: one method handle per wire id, resolved once at
 * start, so dispatch is an array index and a direct invocation.
 */
final class ServiceBinding {
  private final ServiceDescriptor<?> descriptor;
  private final MethodHandle[] invokers; // (Object request) -> Object response
  private final HandlerMode mode;

  <S> ServiceBinding(ServiceDescriptor<S> descriptor, S implementation, HandlerMode mode) {
    this.descriptor = descriptor;
    this.mode = mode;
    int size = descriptor.methods().stream().mapToInt(MethodDescriptor::id).max().orElse(-1) + 1;
    this.invokers = new MethodHandle[size];
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    for (MethodDescriptor<?, ?> m : descriptor.methods()) {
      try {
        invokers[m.id()] =
            lookup
                .unreflect(m.method())
                .bindTo(implementation)
                .asType(MethodType.methodType(Object.class, Object.class));
      } catch (IllegalAccessException e) {
        throw new IllegalArgumentException("cannot bind " + m, e);
      }
    }
  }

  ServiceDescriptor<?> descriptor() {
    return descriptor;
  }

  boolean runsOnEventLoop() {
    return mode == HandlerMode.EVENT_LOOP;
  }

  String name() {
    return descriptor.name();
  }

  Object invoke(MethodDescriptor<?, ?> method, Object request) throws Throwable {
    return invokers[method.id()].invokeExact(request);
  }
}
