package com.inkzee.rpc.api.fetcher;

import com.inkzee.rpc.serial.Field;
import java.util.List;

/** The fetcher's calls: feed discovery, OPML import and export, refresh now. New in 1.2. */
public final class FetcherMessages {
  private FetcherMessages() {}

  /** Finds the feeds a page points at (or the feed itself, when {@code url} is one). */
  public record DiscoverRequest(@Field(1) String url) {}

  /** A feed found by discovery; {@code format} is e.g. {@code rss}, {@code atom}, {@code json}. */
  public record DiscoveredFeed(
      @Field(1) String url, @Field(2) String title, @Field(3) String format) {}

  /** The feeds found, best first; empty when the page names none. */
  public record DiscoverResponse(@Field(1) List<DiscoveredFeed> feeds) {}

  /** Subscribes {@code userId} to every feed of an OPML document ({@code opml} is its XML text). */
  public record ImportOpmlRequest(@Field(1) long userId, @Field(2) String opml) {}

  /**
   * {@code subscribed}: outlines now followed; {@code skipped}: outlines left out (no feed URL, a
   * duplicate, a bad URL); {@code problems}: one line per skipped outline saying why. {@code
   * alreadyFollowed} (new in 1.7): how many of the subscribed the user followed before, which keep
   * their own title, folder and priority (an import never rearranges what the reader arranged).
   */
  public record ImportOpmlResponse(
      @Field(1) int subscribed,
      @Field(2) int skipped,
      @Field(3) List<String> problems,
      @Field(4) int alreadyFollowed) {
    public ImportOpmlResponse(int subscribed, int skipped, List<String> problems) {
      this(subscribed, skipped, problems, 0);
    }
  }

  public record ExportOpmlRequest(@Field(1) long userId) {}

  /** The user's subscriptions as an OPML 2.0 document (XML text), folders as outline groups. */
  public record ExportOpmlResponse(@Field(1) String opml) {}

  /** Fetches {@code feedId} as soon as a fetcher is free. */
  public record RefreshRequest(@Field(1) long feedId) {}

  /** {@code scheduled}: the feed is due now and will be leased (false: GONE, DISABLED). */
  public record RefreshResponse(@Field(1) boolean scheduled) {}
}
