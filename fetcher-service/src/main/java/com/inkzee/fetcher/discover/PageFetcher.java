package com.inkzee.fetcher.discover;

import java.io.IOException;
import java.net.URI;

/**
 * Fetches one page for {@link FeedDiscoverer}. The wiring adapts the fetcher's SSRF-guarded HTTP
 * client to it, with its redirect, size and time limits: every URL discovery asks for comes from a
 * user or from a page, that is, from anyone.
 */
@FunctionalInterface
public interface PageFetcher {
  /**
   * @return the final response, whatever its status
   * @throws IOException if no response came (refused address, timeout, too large)
   */
  Page fetch(URI url) throws IOException;
}
