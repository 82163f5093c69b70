package com.inkzee.rpc.client;

import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The pending result of one call. {@link #cancel} reaches the server (a CANCEL frame), which
 * interrupts or drops the work. Callbacks run on the client's I/O thread: keep them short, or use
 * the {@code *Async} variants with an executor.
 */
public final class RpcFuture<T> extends CompletableFuture<T> {
  private volatile ClientConnection connection;
  private volatile int streamId;
  volatile io.netty.util.Timeout deadlineTimer;
  volatile RpcClient<?> client; // where the call may wait for a connection

  void attachedTo(ClientConnection connection, int streamId) {
    this.connection = connection;
    this.streamId = streamId;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      stopTimer();
      // A call still waiting for a connection would otherwise stay queued, request and all,
      // until a connection came (the deadline timer that also removes it is stopped above).
      RpcClient<?> cl = client;
      if (cl != null) {
        cl.forget(this);
      }
      ClientConnection c = connection;
      if (c != null) {
        c.cancel(streamId, this);
      }
    }
    return cancelled;
  }

  /** Fails with {@code status} and tells the server to stop, if the call is still pending. */
  void abort(Status status, String message) {
    if (completeExceptionally(new RpcException(status, message))) {
      ClientConnection c = connection;
      if (c != null) {
        c.cancel(streamId, this);
      }
    }
  }

  void stopTimer() {
    io.netty.util.Timeout t = deadlineTimer;
    if (t != null) {
      t.cancel();
    }
  }

  /**
   * Waits for the result, turning every failure into an {@link RpcException}: the blocking call
   * style. An interrupt cancels the call.
   */
  public T await() {
    try {
      return get();
    } catch (InterruptedException e) {
      cancel(true);
      Thread.currentThread().interrupt();
      throw new RpcException(Status.CANCELLED, "interrupted while waiting for the call");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RpcException r) {
        // A fresh exception so the stack trace shows the caller, not the I/O thread.
        throw new RpcException(r.status(), r.detail(), r);
      }
      throw new RpcException(Status.INTERNAL, String.valueOf(e.getCause()), e.getCause());
    } catch (java.util.concurrent.CancellationException e) {
      throw new RpcException(Status.CANCELLED, "call cancelled");
    }
  }
}
