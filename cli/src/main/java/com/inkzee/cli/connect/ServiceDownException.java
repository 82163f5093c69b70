package com.inkzee.cli.connect;

import com.inkzee.rpc.client.Endpoint;
import java.util.List;

/**
 * A service the command needs is not running or not reachable: which one, at which addresses, why
 * each could not be reached, and how to start it.
 */
public final class ServiceDownException extends RuntimeException {
  private final ServiceKind service;
  private final List<Endpoint> endpoints;
  private final List<String> reasons;

  public ServiceDownException(ServiceKind service, List<Endpoint> endpoints, List<String> reasons) {
    super(message(service, endpoints, reasons), null, false, false);
    this.service = service;
    this.endpoints = List.copyOf(endpoints);
    this.reasons = List.copyOf(reasons);
  }

  public ServiceKind service() {
    return service;
  }

  public List<Endpoint> endpoints() {
    return endpoints;
  }

  /** One line per endpoint tried, e.g. {@code 127.0.0.1:7103: connection refused}. */
  public List<String> reasons() {
    return reasons;
  }

  private static String message(
      ServiceKind service, List<Endpoint> endpoints, List<String> reasons) {
    String where =
        endpoints.size() == 1 ? endpoints.get(0).toString() : "any of " + endpoints.toString();
    return "the "
        + service.label()
        + " is not running at "
        + where
        + " ("
        + String.join("; ", reasons)
        + ").\n"
        + service.startHint().substring(0, 1).toUpperCase(java.util.Locale.ROOT)
        + service.startHint().substring(1)
        + ".";
  }
}
