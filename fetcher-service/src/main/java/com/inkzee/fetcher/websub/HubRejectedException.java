package com.inkzee.fetcher.websub;

import java.io.IOException;
import java.net.URI;

/** A hub answered a subscribe or unsubscribe request with something other than 2xx. */
public final class HubRejectedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final URI hub;
  private final int status;

  public HubRejectedException(String mode, long feedId, URI hub, int status, String detail) {
    super(
        "hub "
            + hub
            + " answered "
            + status
            + " to the "
            + mode
            + " request for feed "
            + feedId
            + (detail.isEmpty() ? "" : ": " + detail));
    this.hub = hub;
    this.status = status;
  }

  public URI hub() {
    return hub;
  }

  /** The hub's HTTP status. */
  public int status() {
    return status;
  }
}
