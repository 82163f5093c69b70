package com.inkzee.cli.connect;

import com.inkzee.rpc.api.fetcher.FetcherService;
import com.inkzee.rpc.api.health.Pingable;
import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.api.store.StoreService;

/**
 * The services the command line talks to over Inkzee RPC: where each is found by default, the
 * variable that moves it, and how an operator starts it (for the message when it is not running).
 */
public enum ServiceKind {
  STORE("store", StoreService.class, "INKZEE_STORE_ENDPOINTS", "127.0.0.1:7101"),
  FETCHER("fetcher", FetcherService.class, "INKZEE_FETCHER_ENDPOINTS", "127.0.0.1:7102"),
  RANKER("ranker", RankerService.class, "INKZEE_RANKER_ENDPOINTS", "127.0.0.1:7103");

  private final String label;
  private final Class<? extends Pingable> type;
  private final String endpointsVariable;
  private final String defaultEndpoints;

  ServiceKind(
      String label,
      Class<? extends Pingable> type,
      String endpointsVariable,
      String defaultEndpoints) {
    this.label = label;
    this.type = type;
    this.endpointsVariable = endpointsVariable;
    this.defaultEndpoints = defaultEndpoints;
  }

  /** The service's name as operators type it: {@code store}, {@code fetcher}, {@code ranker}. */
  public String label() {
    return label;
  }

  public Class<? extends Pingable> type() {
    return type;
  }

  /** The comma-separated {@code host:port} list variable, e.g. {@code INKZEE_STORE_ENDPOINTS}. */
  public String endpointsVariable() {
    return endpointsVariable;
  }

  public String defaultEndpoints() {
    return defaultEndpoints;
  }

  /** What an operator runs to start it, for error messages. */
  public String startHint() {
    return "start everything with `./inkzee up`, or only the "
        + label
        + " with `./inkzee "
        + label
        + "`; if it runs elsewhere, set "
        + endpointsVariable
        + "=host:port";
  }
}
