package com.inkzee.fetcher.fetch;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a fetch that got an HTTP response, whatever its status.
 *
 * @param status the final response's status (200, 304, 404, 429...)
 * @param requestedUrl the URL asked for
 * @param finalUrl the URL that gave the final response, after redirects
 * @param redirects every redirect followed, in order
 * @param body the decompressed body, at most {@code maxBodyBytes}; null unless 2xx
 * @param contentType the {@code Content-Type}, or null
 * @param etag the {@code ETag}, or null
 * @param lastModified the {@code Last-Modified}, verbatim, or null
 * @param retryAfter {@code Retry-After} as a delay from now (capped), or null if absent or invalid
 * @param maxAge {@code Cache-Control: max-age}, or null
 * @param expires {@code Expires}, or null if absent or not a date
 * @param bodyBytes the body's length after decompression (0 without a body)
 * @param elapsed the whole fetch, redirects and body included
 */
public record FetchResult(
    int status,
    URI requestedUrl,
    URI finalUrl,
    List<RedirectHop> redirects,
    byte[] body,
    String contentType,
    String etag,
    String lastModified,
    Duration retryAfter,
    Duration maxAge,
    Instant expires,
    long bodyBytes,
    Duration elapsed) {

  public FetchResult {
    redirects = List.copyOf(redirects);
  }

  public boolean successful() {
    return status >= 200 && status < 300;
  }

  public boolean notModified() {
    return status == 304;
  }

  /**
   * The target when every hop was 301/308 (and passed every check); empty if any 302/307/303 or
   * none. Only then may the store replace the feed URL: a temporary redirect must be followed again
   * next time.
   */
  public Optional<URI> permanentRedirect() {
    if (redirects.isEmpty() || !redirects.stream().allMatch(RedirectHop::permanent)) {
      return Optional.empty();
    }
    return Optional.of(finalUrl);
  }

  @Override
  public String toString() {
    return "FetchResult[status="
        + status
        + ", finalUrl="
        + finalUrl
        + ", redirects="
        + redirects.size()
        + ", bodyBytes="
        + bodyBytes
        + ", elapsed="
        + elapsed
        + "]";
  }
}
