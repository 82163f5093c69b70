package com.inkzee.fetcher.poll;

/**
 * Which throwables end the fetcher rather than the one feed they came from. Everything one feed's
 * work throws (a library's AssertionError or LinkageError, a StackOverflowError, whose stack is
 * unwound by the time it is caught) is that feed's failure: reported for it, the worker goes on. An
 * OutOfMemoryError or an InternalError says the JVM itself is no longer sound: it is logged and
 * thrown on, so that -XX:+ExitOnOutOfMemoryError or the thread's death stops what cannot be trusted
 * (a feed that fills the heap would be blamed for what many did together).
 */
public final class Fatal {
  private Fatal() {}

  /** True for a {@link VirtualMachineError} other than {@link StackOverflowError}. */
  public static boolean isFatal(Throwable t) {
    return t instanceof VirtualMachineError && !(t instanceof StackOverflowError);
  }
}
