package com.inkzee.rpc.xmlrpc;

import com.inkzee.rpc.server.CallContext;
import com.inkzee.rpc.server.CallScope;
import com.inkzee.rpc.service.MethodDescriptor;
import com.inkzee.rpc.service.ServiceDescriptor;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The method table: {@code <service>.<method>} → the bound handler, plus the introspection methods
 * {@code system.listMethods}, {@code system.methodHelp}, {@code system.methodSignature} and {@code
 * system.multicall}.
 *
 * <p>Every service method takes one struct (the request message; no param at all means every field
 * absent) and answers one struct (the response message). The handler is the very object Inkzee RPC
 * calls, so both protocols run the same code.
 */
final class XmlRpcDispatcher {
  private static final Logger log = LoggerFactory.getLogger(XmlRpcDispatcher.class);

  /** Calls one multicall may carry: each runs in turn on one handler thread. */
  static final int MAX_MULTICALL_CALLS = 1000;

  /** A handler method bound to its implementation. */
  record Bound(MethodDescriptor<?, ?> method, MethodHandle invoker) {}

  /**
   * Room kept in a multicall's answer for each call not yet answered, so that, once the results
   * fill it, every remaining call still gets its fault (one is under 400 bytes).
   */
  private static final int MEMBER_FAULT_BYTES = 512;

  /** Room kept for the answer's prolog and enclosing elements (under 250 bytes). */
  private static final int ENVELOPE_BYTES = 512;

  private final Map<String, Bound> methods;
  private final int maxResponseBytes;

  XmlRpcDispatcher(Map<String, Bound> methods, int maxResponseBytes) {
    this.methods = Map.copyOf(methods);
    this.maxResponseBytes = maxResponseBytes;
  }

  /** The largest answer, in UTF-8 bytes ({@link XmlRpcConfig#maxResponseBytes}). */
  int maxResponseBytes() {
    return maxResponseBytes;
  }

  static <S> void bind(Map<String, Bound> into, ServiceDescriptor<S> service, S implementation) {
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    for (MethodDescriptor<?, ?> m : service.methods()) {
      try {
        MethodHandle h =
            lookup
                .unreflect(m.method())
                .bindTo(implementation)
                .asType(MethodType.methodType(Object.class, Object.class));
        into.put(m.qualifiedName(), new Bound(m, h));
      } catch (IllegalAccessException e) {
        throw new IllegalArgumentException("cannot bind " + m, e);
      }
    }
  }

  /** The method a call names, or null for system methods and unknown names. */
  MethodDescriptor<?, ?> method(String name) {
    Bound b = methods.get(name);
    return b == null ? null : b.method();
  }

  /**
   * Runs {@code call}: the handler's response (null when it deferred its answer through {@code
   * context}), or an {@link XmlRpcFault}.
   */
  Object dispatch(MethodCall call, CallContext context) {
    String name = call.methodName();
    switch (name) {
      case "system.listMethods" -> {
        return listMethods();
      }
      case "system.methodHelp" -> {
        return methodHelp(stringParam(call));
      }
      case "system.methodSignature" -> {
        String target = stringParam(call);
        bound(target);
        return List.of(List.of("struct", "struct"));
      }
      case "system.multicall" -> {
        return multicall(call, context);
      }
      default -> {
        return invoke(bound(name), call.params(), context);
      }
    }
  }

  private Object invoke(Bound bound, List<Object> params, CallContext context) {
    MethodDescriptor<?, ?> m = bound.method();
    Object struct;
    if (params.isEmpty()) {
      struct = Map.of();
    } else if (params.size() == 1) {
      struct = params.get(0);
      if (!(struct instanceof Map<?, ?>)) {
        throw XmlRpcFault.invalid(
            m.qualifiedName()
                + " takes one struct "
                + m.requestType().getSimpleName()
                + ", got "
                + ValueMapper.typeName(struct));
      }
    } else {
      throw XmlRpcFault.invalid(
          m.qualifiedName() + " takes one struct param, got " + params.size() + " params");
    }
    Object request =
        ValueMapper.toRecord((Map<?, ?>) struct, m.requestType(), m.requestType().getSimpleName());
    Object response;
    try {
      response = CallScope.run(context, () -> (Object) bound.invoker().invokeExact(request));
    } catch (RpcException e) {
      throw new XmlRpcFault(e.status(), e.detail());
    } catch (XmlRpcFault e) {
      throw e;
    } catch (Throwable t) {
      if (context != null && context.isCancelled()) {
        throw new XmlRpcFault(Status.CANCELLED, "call cancelled");
      }
      String ref = Long.toHexString(ThreadLocalRandom.current().nextLong());
      log.error("{} failed over XML-RPC (ref {})", m, ref, t);
      throw new XmlRpcFault(
          Status.INTERNAL, "internal error in " + m.qualifiedName() + " (ref " + ref + ")");
    }
    return response;
  }

  private Bound bound(String name) {
    Bound b = methods.get(name);
    if (b == null) {
      throw new XmlRpcFault(Status.UNIMPLEMENTED, "no method " + XmlRpcParser.quote(name));
    }
    return b;
  }

  private static String stringParam(MethodCall call) {
    if (call.params().size() != 1 || !(call.params().get(0) instanceof String s)) {
      throw XmlRpcFault.invalid(call.methodName() + " takes one string: a method name");
    }
    return s;
  }

  List<String> listMethods() {
    List<String> names = new ArrayList<>(new TreeMap<>(methods).keySet());
    names.addAll(
        List.of(
            "system.listMethods",
            "system.methodHelp",
            "system.methodSignature",
            "system.multicall"));
    return names;
  }

  private String methodHelp(String name) {
    switch (name) {
      case "system.listMethods" -> {
        return "system.listMethods() → array of string: every method this endpoint answers.";
      }
      case "system.methodHelp" -> {
        return "system.methodHelp(string name) → string: what a method takes and returns.";
      }
      case "system.methodSignature" -> {
        return "system.methodSignature(string name) → array of [return type, param types...].";
      }
      case "system.multicall" -> {
        return "system.multicall(array of struct {methodName, params}) → array: [result] per"
            + " call, or a {faultCode, faultString} struct for a call that failed. At most "
            + MAX_MULTICALL_CALLS
            + " calls, run in order.";
      }
      default -> {}
    }
    MethodDescriptor<?, ?> m = bound(name).method();
    StringBuilder help = new StringBuilder();
    help.append(name)
        .append("(struct ")
        .append(m.requestType().getSimpleName())
        .append(") → struct ")
        .append(m.responseType().getSimpleName())
        .append(m.idempotent() ? "; idempotent" : "")
        .append('\n');
    describe(help, "request", m.requestType());
    describe(help, "response", m.responseType());
    return help.toString();
  }

  private static void describe(StringBuilder help, String role, Class<?> type) {
    help.append(role).append(' ').append(type.getSimpleName()).append(':');
    for (RecordShape.Component c : RecordShape.of(type).components()) {
      help.append("\n  ").append(c.name()).append(": ").append(ValueMapper.describe(c.type()));
    }
    help.append('\n');
  }

  /**
   * Runs each call in turn; a call's fault is its element of the answer and does not stop the
   * others (the de-facto multicall spec). Each runs in the multicall's context (its deadline and
   * cancellation) but cannot defer: a method that would wait for its answer (a long poll) is a
   * fault in its place, since it would hold this handler thread while it waited, and a thousand of
   * them in one multicall would hold it for the whole deadline.
   */
  private List<Object> multicall(MethodCall call, CallContext context) {
    if (call.params().size() != 1 || !(call.params().get(0) instanceof List<?> calls)) {
      throw XmlRpcFault.invalid("system.multicall takes one array of {methodName, params} structs");
    }
    if (calls.size() > MAX_MULTICALL_CALLS) {
      throw new XmlRpcFault(
          Status.RESOURCE_EXHAUSTED,
          "system.multicall of "
              + calls.size()
              + " calls exceeds the limit of "
              + MAX_MULTICALL_CALLS);
    }
    // Each result is written as soon as it comes, and counted: a thousand calls each answering a
    // large page would otherwise be held, then written, whole, however large (gigabytes for a
    // 56 KB request). Past the limit the call whose result did not fit, and every call after it,
    // not run, is a fault in its place; the room for those faults is kept from the start.
    ExtensionStyle style = call.extensionStyle();
    long room = (long) maxResponseBytes - ENVELOPE_BYTES;
    boolean full = false;
    List<Object> results = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      String at = "system.multicall[" + i + "]";
      XmlRpcWriter.Encoded result;
      if (full) {
        result =
            memberFault(
                Status.RESOURCE_EXHAUSTED,
                at + ": not run: the answer reached its limit of " + maxResponseBytes + " bytes",
                style);
      } else {
        Object value;
        try {
          value = List.of(oneOfMulticall(calls.get(i), i, context));
        } catch (XmlRpcFault f) {
          value = XmlRpcWriter.faultStruct(f.faultCode(), f.faultString());
        }
        long kept = (long) (calls.size() - i) * MEMBER_FAULT_BYTES;
        try {
          result = XmlRpcWriter.encoded(value, style, room - kept);
        } catch (XmlRpcFault tooLarge) {
          full = true;
          result =
              memberFault(
                  Status.RESOURCE_EXHAUSTED,
                  at
                      + ": ran, but its result would take the answer past its limit of "
                      + maxResponseBytes
                      + " bytes; the calls after it were not run",
                  style);
        } catch (IllegalArgumentException unwritable) {
          result = memberFault(Status.INTERNAL, at + ": " + unwritable.getMessage(), style);
        }
      }
      room -= result.bytes();
      results.add(result);
      if (Thread.currentThread().isInterrupted()) {
        throw new XmlRpcFault(Status.CANCELLED, "system.multicall cut off after call " + i);
      }
    }
    return results;
  }

  private static XmlRpcWriter.Encoded memberFault(
      Status status, String message, ExtensionStyle style) {
    XmlRpcFault f = new XmlRpcFault(status, message);
    return XmlRpcWriter.encoded(
        XmlRpcWriter.faultStruct(f.faultCode(), f.faultString()), style, Long.MAX_VALUE);
  }

  private Object oneOfMulticall(Object element, int index, CallContext multicall) {
    String at = "system.multicall[" + index + "]";
    if (!(element instanceof Map<?, ?> struct)
        || !(struct.get("methodName") instanceof String name)) {
      throw XmlRpcFault.invalid(at + ": wants a struct with a methodName string");
    }
    Object params = struct.get("params");
    if (params != null && !(params instanceof List<?>)) {
      throw XmlRpcFault.invalid(at + ".params: wants array, got " + ValueMapper.typeName(params));
    }
    if (name.equals("system.multicall")) {
      throw XmlRpcFault.invalid(at + ": system.multicall may not be nested");
    }
    @SuppressWarnings("unchecked")
    List<Object> list = params == null ? List.of() : (List<Object>) params;
    // Without a context of its own (called directly, not over HTTP) a call runs without one too.
    CallContext context = multicall == null ? null : new MulticallMember(multicall, at, name);
    Object result = dispatch(new MethodCall(name, list), context);
    if (result == null) {
      throw new XmlRpcFault(Status.INTERNAL, at + ": " + name + " returned no response");
    }
    return result;
  }
}
