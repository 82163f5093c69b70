package com.inkzee.web.http;

/**
 * Told about every request the server answered, once its response is handed to the connection: what
 * {@code /metrics} counts and times. Called on an event loop: it must not block.
 */
@FunctionalInterface
public interface RequestObserver {
  /** Observes nothing (tests that do not look at metrics). */
  RequestObserver NONE = (method, route, status, nanos) -> {};

  /**
   * @param method the request's method as sent (the observer bounds it)
   * @param route the route that answered ({@link WebResponse#route()}), or null when none did
   * @param status the HTTP status sent
   * @param nanos from the complete request read to the response written to the connection
   */
  void requestEnded(String method, String route, int status, long nanos);
}
