package com.inkzee.rpc.xmlrpc;

import com.inkzee.rpc.runtime.CallObserver;
import com.inkzee.rpc.runtime.CallObservers;
import com.inkzee.rpc.runtime.EndedCall;
import com.inkzee.rpc.server.CallContext;
import com.inkzee.rpc.service.MethodDescriptor;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One XML-RPC request on a handler thread: parse, bind, invoke, write. Like Inkzee RPC's server
 * call, exactly one of the handler (or its deferred answer), the deadline or the connection's end
 * finishes it, decided by a compare-and-set; the loser's answer is dropped.
 */
final class XmlRpcCall implements Runnable, CallContext {
  private static final Logger log = LoggerFactory.getLogger(XmlRpcCall.class);
  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;

  private final byte[] body;
  private final XmlRpcParser parser;
  private final XmlRpcDispatcher dispatcher;
  private final String peer;
  private final long deadlineNanos;
  private final Consumer<byte[]> reply; // hands the response body to the connection's event loop
  private final CallObserver observer;
  private final long startNanos = System.nanoTime();
  private volatile Status outcome; // null: success; set before the answer is handed over
  private final AtomicInteger state = new AtomicInteger(QUEUED);
  private volatile boolean cancelled;
  private volatile boolean deferred;
  private volatile MethodDescriptor<?, ?> method;
  private volatile ExtensionStyle style = ExtensionStyle.BARE; // the caller's, for its answer
  private Thread runner; // guarded by this

  XmlRpcCall(
      byte[] body,
      XmlRpcParser parser,
      XmlRpcDispatcher dispatcher,
      String peer,
      long deadlineNanos,
      Consumer<byte[]> reply,
      CallObserver observer) {
    this.body = body;
    this.observer = observer;
    this.parser = parser;
    this.dispatcher = dispatcher;
    this.peer = peer;
    this.deadlineNanos = deadlineNanos;
    this.reply = reply;
  }

  @Override
  public void run() {
    if (!state.compareAndSet(QUEUED, RUNNING)) {
      return; // timed out or the connection closed while queued
    }
    synchronized (this) {
      runner = Thread.currentThread();
    }
    byte[] answer;
    try {
      answer = execute();
    } finally {
      synchronized (this) {
        runner = null;
      }
      Thread.interrupted(); // an interrupt aimed at this call must not reach the next task
    }
    if (answer != null) {
      finish(answer);
    }
  }

  /** The answer, or null when the handler deferred it. */
  private byte[] execute() {
    try {
      MethodCall call = parser.parseCall(body);
      style = call.extensionStyle();
      method = dispatcher.method(call.methodName());
      Object result = dispatcher.dispatch(call, this);
      if (deferred) {
        return null;
      }
      if (result == null) {
        throw new XmlRpcFault(Status.INTERNAL, call.methodName() + " returned no response");
      }
      return encode(result);
    } catch (XmlRpcFault f) {
      if (f.status() == Status.INVALID_ARGUMENT) {
        log.debug("bad XML-RPC call from {}: {}", peer, f.getMessage());
      }
      outcome = f.status();
      return XmlRpcWriter.fault(f);
    } catch (RuntimeException | Error e) {
      String ref = Long.toHexString(ThreadLocalRandom.current().nextLong());
      log.error("XML-RPC call from {} failed (ref {})", peer, ref, e);
      outcome = Status.INTERNAL;
      return XmlRpcWriter.fault(
          Status.INTERNAL.code(), "INTERNAL: internal error (ref " + ref + ")");
    }
  }

  private byte[] encode(Object result) {
    try {
      return XmlRpcWriter.response(result, style, dispatcher.maxResponseBytes());
    } catch (XmlRpcFault tooLarge) {
      log.debug("the XML-RPC answer of {} to {}: {}", method, peer, tooLarge.getMessage());
      outcome = tooLarge.status();
      return XmlRpcWriter.fault(tooLarge);
    } catch (IllegalArgumentException e) {
      log.warn("cannot write the XML-RPC answer of {}: {}", method, e.getMessage());
      outcome = Status.INTERNAL;
      return XmlRpcWriter.fault(Status.INTERNAL.code(), "INTERNAL: " + e.getMessage());
    }
  }

  private void finish(byte[] answer) {
    if (state.compareAndSet(RUNNING, DONE)) {
      reply.accept(answer);
      observe(outcome);
    }
  }

  /**
   * Ends a call the server refused before it ran, its handler queue being full, and reports it to
   * the observer as its method's RESOURCE_EXHAUSTED. The body is not parsed under overload, that is
   * the work being refused: the method is found by {@link MethodNameScan}.
   *
   * @return whether a known method could be named so (and was reported)
   */
  boolean refused() {
    if (!state.compareAndSet(QUEUED, DONE)) {
      return false;
    }
    String name = MethodNameScan.find(body);
    method = name == null ? null : dispatcher.method(name);
    observe(Status.RESOURCE_EXHAUSTED);
    return method != null;
  }

  /**
   * Tells the observer (/metrics) how a call of a service method ended; system methods and bodies
   * that name no known method are not a method's calls and are not counted.
   */
  private void observe(Status status) {
    MethodDescriptor<?, ?> m = method;
    if (m != null && observer != CallObserver.NONE) {
      CallObservers.tell(observer, new EndedCall(m, status, System.nanoTime() - startNanos, null));
    }
  }

  /**
   * Ends the call from outside: the deadline passed ({@code answer} is the fault to send) or the
   * connection closed ({@code answer} null). Interrupts a running handler.
   */
  void abort(byte[] answer) {
    boolean won;
    synchronized (this) {
      won = state.getAndSet(DONE) != DONE;
      if (won) {
        cancelled = true;
        if (runner != null) {
          runner.interrupt();
        }
      }
    }
    if (won && answer != null) {
      reply.accept(answer);
    }
    if (won) {
      observe(answer != null ? Status.DEADLINE_EXCEEDED : Status.CANCELLED);
    }
  }

  @Override
  public MethodDescriptor<?, ?> method() {
    return method;
  }

  @Override
  public long deadlineNanos() {
    return deadlineNanos;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public String peer() {
    return peer;
  }

  @Override
  public <T> Deferred<T> defer() {
    if (state.get() != RUNNING || runner != Thread.currentThread()) {
      throw new IllegalStateException("defer() is for the call's handler, while it runs");
    }
    deferred = true;
    return new Deferred<>() {
      @Override
      public void complete(T response) {
        if (state.get() == RUNNING) {
          if (response == null) {
            outcome = Status.INTERNAL;
          }
          finish(response == null ? noResponse() : encode(response));
        }
      }

      @Override
      public void fail(RpcException error) {
        if (state.get() == RUNNING) {
          outcome = error.status();
          finish(XmlRpcWriter.fault(new XmlRpcFault(error.status(), error.detail())));
        }
      }

      @Override
      public boolean isDone() {
        return state.get() == DONE;
      }
    };
  }

  private byte[] noResponse() {
    return XmlRpcWriter.fault(Status.INTERNAL.code(), "INTERNAL: no response");
  }
}
