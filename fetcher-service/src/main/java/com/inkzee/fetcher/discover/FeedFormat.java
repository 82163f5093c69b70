package com.inkzee.fetcher.discover;

/** The syndication format of a discovered feed. RSS 1.0 (RDF) counts as RSS. */
public enum FeedFormat {
  RSS,
  ATOM,
  JSON_FEED
}
