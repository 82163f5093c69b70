package com.inkzee.fetcher.discover;

import java.net.URI;
import java.util.Objects;

/**
 * A fetched page as discovery needs it.
 *
 * @param status the HTTP status of the final response
 * @param finalUrl where the page was found after redirects; relative links resolve against it
 * @param contentType the {@code Content-Type} header, or null
 * @param body the body, already bounded by the fetcher
 */
public record Page(int status, URI finalUrl, String contentType, byte[] body) {
  public Page {
    Objects.requireNonNull(finalUrl, "finalUrl");
    Objects.requireNonNull(body, "body");
  }

  public boolean ok() {
    return status == 200;
  }
}
