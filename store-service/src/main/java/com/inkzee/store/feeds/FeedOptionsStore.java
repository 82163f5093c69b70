package com.inkzee.store.feeds;

import com.inkzee.rpc.api.store.AdminMessages.FeedOptionsResponse;
import com.inkzee.store.db.Database;
import java.sql.PreparedStatement;
import java.util.NoSuchElementException;

/** Operators' per-feed options, handed to fetchers with every lease of the feed. */
public final class FeedOptionsStore {
  private final Database db;

  public FeedOptionsStore(Database db) {
    this.db = db;
  }

  /** Sets every option of {@code feedId}; NoSuchElementException for an unknown feed. */
  public FeedOptionsResponse set(long feedId, boolean tlsExempt) {
    return db.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE feeds SET tls_exempt = ? WHERE id = ?")) {
            ps.setBoolean(1, tlsExempt);
            ps.setLong(2, feedId);
            if (ps.executeUpdate() == 0) {
              throw new NoSuchElementException("no feed " + feedId);
            }
          }
          return new FeedOptionsResponse(feedId, tlsExempt);
        });
  }
}
