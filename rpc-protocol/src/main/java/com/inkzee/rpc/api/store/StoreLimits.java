package com.inkzee.rpc.api.store;

/**
 * Input limits the store enforces on every call; a value over one is answered INVALID_ARGUMENT
 * naming the field and the limit. They are public so that callers (the fetcher above all) can trim
 * before sending rather than lose a batch.
 */
public final class StoreLimits {
  /** A feed title or entry title: generous for any real headline, small enough to index. */
  public static final int MAX_TITLE_BYTES = 2 * 1024;

  /** Entry content after sanitising; larger bodies are almost always inlined media or junk. */
  public static final int MAX_CONTENT_BYTES = 1024 * 1024;

  /** Entry summary: a teaser, not a second copy of the content. */
  public static final int MAX_SUMMARY_BYTES = 64 * 1024;

  /** URLs (feed, entry, enclosure): browsers and servers commonly stop near 8 KiB. */
  public static final int MAX_URL_BYTES = 8 * 1024;

  /** Entry keys and GUIDs: unique per feed and part of an index, so kept short. */
  public static final int MAX_KEY_BYTES = 512;

  /** Author, folder, names, mime types and other short labels. */
  public static final int MAX_LABEL_BYTES = 512;

  /** An entry's language: a tag such as {@code en-GB} (BCP 47 tags fit in far less). */
  public static final int MAX_LANGUAGE_BYTES = 64;

  /** Categories of one entry. */
  public static final int MAX_CATEGORIES = 64;

  /** Enclosures of one entry (podcast feeds carry one or a few). */
  public static final int MAX_ENCLOSURES = 32;

  /** Entries in one ingest batch: one transaction, a few MiB at most on the wire. */
  public static final int MAX_BATCH_ENTRIES = 1000;

  /** Rows in one page of any listing (change feed, window, search, hits). */
  public static final int MAX_PAGE_ROWS = 1000;

  /** Ids in one getEntries, setEntryStates or feedStats call. */
  public static final int MAX_IDS = 1000;

  /** Feeds leased in one call. */
  public static final int MAX_LEASE_FEEDS = 1000;

  /** Longest lease: a fetch cycle that takes longer has stalled and should be redone elsewhere. */
  public static final int MAX_LEASE_SECONDS = 3600;

  /**
   * Longest poll interval a fetcher may report: 30 days. A feed quiet for longer is still worth a
   * monthly look; a bigger number is a unit mistake (milliseconds) more likely than a choice.
   */
  public static final int MAX_POLL_INTERVAL_SECONDS = 30 * 24 * 3600;

  /** Filter patterns, alert and search queries. */
  public static final int MAX_QUERY_BYTES = 1024;

  private StoreLimits() {}
}
