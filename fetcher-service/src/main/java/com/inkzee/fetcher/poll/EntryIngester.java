package com.inkzee.fetcher.poll;

import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.rpc.api.store.EntryMessages.IngestResponse;
import com.inkzee.rpc.api.store.StoreLimits;
import com.inkzee.rpc.api.store.StoreService;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands a feed's parsed entries to the store, fitted to its limits and in batches it accepts. Used
 * alike for polled and pushed content, so both are stored the same way.
 */
public final class EntryIngester {
  private final StoreService store;

  public EntryIngester(StoreService store) {
    this.store = store;
  }

  /**
   * Stores {@code entries} of {@code feedId}; returns the summed counts. Ingest is idempotent, so a
   * batch repeated after a failure stores nothing twice.
   *
   * @throws com.inkzee.rpc.status.RpcException when the store refuses or cannot be reached
   */
  public IngestResponse ingest(long feedId, List<EntryInput> entries) {
    int inserted = 0;
    int updated = 0;
    int unchanged = 0;
    int tombstoned = 0;
    int cleaned = 0;
    for (int from = 0; from < entries.size(); from += StoreLimits.MAX_BATCH_ENTRIES) {
      List<EntryInput> batch = new ArrayList<>();
      for (EntryInput e :
          entries.subList(from, Math.min(entries.size(), from + StoreLimits.MAX_BATCH_ENTRIES))) {
        batch.add(EntryLimits.fit(e));
      }
      IngestResponse r = store.ingestEntries(new IngestRequest(feedId, batch));
      inserted += r.inserted();
      updated += r.updated();
      unchanged += r.unchanged();
      tombstoned += r.tombstoned();
      cleaned += r.cleanedFields();
    }
    return new IngestResponse(inserted, updated, unchanged, tombstoned, cleaned);
  }
}
