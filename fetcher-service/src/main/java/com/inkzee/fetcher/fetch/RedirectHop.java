package com.inkzee.fetcher.fetch;

import java.net.URI;

/** One redirect followed: the status and the URL it led from and to. */
public record RedirectHop(int status, URI from, URI to) {
  /** 301 and 308 say the resource moved for good; 302, 303 and 307 do not. */
  public boolean permanent() {
    return status == 301 || status == 308;
  }
}
