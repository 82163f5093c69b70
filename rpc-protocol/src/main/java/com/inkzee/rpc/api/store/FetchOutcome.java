package com.inkzee.rpc.api.store;

/** What a fetch of a leased feed came to, as reported by the fetcher. */
public enum FetchOutcome {
  /** 200 with a body that was parsed (its entries are ingested separately). */
  OK,
  /** 304: the validators matched. */
  NOT_MODIFIED,
  /** A network, HTTP or parse error; counted in consecutive errors. */
  ERROR,
  /** 410, or a permanent failure: the feed stops being polled. */
  GONE,
  /**
   * Only a 301/308 was seen (no body from the target); {@code redirectUrl} names the target. A body
   * fetched through permanent redirects is reported OK with {@code redirectUrl} set.
   */
  REDIRECTED
}
