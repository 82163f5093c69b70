package com.inkzee.rpc.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls waiting for a ready connection, in the order they parked, with removal of one call in
 * O(1).
 *
 * <p>A parked call leaves when its deadline passes or it is cancelled, and that runs on the one
 * deadline thread of the whole process: a scan of the queue per expiry (as {@code removeIf} on a
 * queue did) made each expiry O(n), so 80,000 calls waiting for an endpoint that was down expired
 * 70 s late, and every other deadline in the process with them. Keyed by the call's future, whose
 * equality is identity ({@code CompletableFuture} does not override it), so a request's own {@code
 * hashCode} is never computed. The lock is taken only by calls that park, never on the path of a
 * call that finds a connection.
 */
final class ParkedCalls {
  private final Map<RpcFuture<?>, PendingCall> calls = new LinkedHashMap<>();

  synchronized void park(PendingCall call) {
    calls.put(call.future(), call);
  }

  /** Takes the call of {@code future} out; false if it was not parked. */
  synchronized boolean remove(RpcFuture<?> future) {
    return calls.remove(future) != null;
  }

  /** Takes every parked call out, oldest first. */
  synchronized List<PendingCall> takeAll() {
    if (calls.isEmpty()) {
      return List.of();
    }
    List<PendingCall> all = new ArrayList<>(calls.values());
    calls.clear();
    return all;
  }

  synchronized int size() {
    return calls.size();
  }
}
