package com.inkzee.rpc.runtime;

import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Combines observers into one that tells each in turn and isolates their failures. */
public final class CallObservers {
  private static final Logger log = LoggerFactory.getLogger(CallObservers.class);

  private CallObservers() {}

  /** One observer telling each of {@code observers}; {@link CallObserver#NONE} for none. */
  public static CallObserver of(List<CallObserver> observers) {
    List<CallObserver> all = List.copyOf(observers);
    all.forEach(o -> Objects.requireNonNull(o, "observer"));
    if (all.isEmpty()) {
      return CallObserver.NONE;
    }
    return call -> all.forEach(o -> tell(o, call));
  }

  /** Tells {@code observer}, logging rather than propagating what it throws. */
  public static void tell(CallObserver observer, EndedCall call) {
    try {
      observer.callEnded(call);
    } catch (RuntimeException e) {
      log.warn("call observer {} failed on {}: {}", observer, call.method(), e.toString());
    }
  }
}
