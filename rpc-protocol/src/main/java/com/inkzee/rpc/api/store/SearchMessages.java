package com.inkzee.rpc.api.store;

import com.inkzee.rpc.serial.Field;
import java.util.List;

/** Full-text search over the entries of a user's subscriptions. */
public final class SearchMessages {
  private SearchMessages() {}

  /**
   * {@code query} in web-search syntax: words (all must match), "quoted phrases", -excluded words,
   * {@code or} between alternatives (PostgreSQL only; see docs/STORE.md).
   */
  public record SearchRequest(
      @Field(1) long userId,
      @Field(2) String query,
      @Field(3) int limit,
      @Field(4) boolean withoutContent) {}

  /** Best matches first (PostgreSQL ranks; the embedded store returns newest first). */
  public record SearchResponse(@Field(1) List<EntryMessages.Entry> entries) {}
}
