package com.inkzee.fetcher.fetch;

import java.net.URI;
import java.util.Objects;

/**
 * One feed to fetch.
 *
 * @param url the feed URL; only http and https are fetched
 * @param etag the {@code ETag} of the last 2xx response, sent as {@code If-None-Match}; null if
 *     none
 * @param lastModified the {@code Last-Modified} of the last 2xx response, sent verbatim as {@code
 *     If-Modified-Since}; null if none
 * @param subscribers how many users follow the feed, reported in the {@code User-Agent}
 * @param tlsExempt an operator's per-feed exception: accept any certificate for this fetch only
 */
public record FetchRequest(
    URI url, String etag, String lastModified, int subscribers, boolean tlsExempt) {
  public FetchRequest {
    Objects.requireNonNull(url, "url");
    if (subscribers < 0) {
      throw new IllegalArgumentException("subscribers must be >= 0: " + subscribers);
    }
  }

  /** An unconditional fetch with strict TLS. */
  public static FetchRequest of(URI url, int subscribers) {
    return new FetchRequest(url, null, null, subscribers, false);
  }

  /** The same request with the validators of an earlier response. */
  public FetchRequest withValidators(String etag, String lastModified) {
    return new FetchRequest(url, etag, lastModified, subscribers, tlsExempt);
  }

  boolean hasValidators() {
    return notBlank(etag) || notBlank(lastModified);
  }

  static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
