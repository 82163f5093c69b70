package com.inkzee.fetcher.poll;

import com.inkzee.rpc.api.store.EntryCopies;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.rpc.api.store.EntryMessages.IngestResponse;
import com.inkzee.rpc.api.store.StoreLimits;
import com.inkzee.rpc.api.store.StoreService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands a feed's parsed entries to the store, fitted to its limits and in batches it accepts. Used
 * alike for polled and pushed content, so both are stored the same way.
 */
public final class EntryIngester {
  /**
   * A batch is closed before its entries' estimated encoding passes 8 MiB, half the RPC's 16 MiB
   * frame (WireFormat.DEFAULT_MAX_FRAME_BYTES). Batches were cut by count alone, and 1,000 entries
   * may each hold 1 MiB of content: the client refused such a request ("exceeds the server's frame
   * limit") on every retry, and that feed's new entries were never stored.
   */
  static final long MAX_BATCH_BYTES = 8L * 1024 * 1024;

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
    List<List<EntryInput>> batches = batches(entries);
    for (List<EntryInput> batch : batches) {
      IngestResponse r = store.ingestEntries(new IngestRequest(feedId, batch));
      inserted += r.inserted();
      updated += r.updated();
      unchanged += r.unchanged();
      tombstoned += r.tombstoned();
      cleaned += r.cleanedFields();
    }
    return new IngestResponse(inserted, updated, unchanged, tombstoned, cleaned);
  }

  /**
   * {@code entries} fitted to {@link StoreLimits} and cut into batches of at most {@link
   * StoreLimits#MAX_BATCH_ENTRIES} entries and {@link #MAX_BATCH_BYTES} (estimated); one entry
   * within the limits always fits a batch of its own.
   */
  static List<List<EntryInput>> batches(List<EntryInput> entries) {
    List<List<EntryInput>> batches = new ArrayList<>();
    List<EntryInput> batch = new ArrayList<>();
    long bytes = 0;
    for (EntryInput e : oneCopyPerKey(entries)) {
      EntryInput fitted = EntryLimits.fit(e);
      long size = EntryLimits.estimatedBytes(fitted);
      if (!batch.isEmpty()
          && (batch.size() == StoreLimits.MAX_BATCH_ENTRIES || bytes + size > MAX_BATCH_BYTES)) {
        batches.add(batch);
        batch = new ArrayList<>();
        bytes = 0;
      }
      batch.add(fitted);
      bytes += size;
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    return batches;
  }

  /**
   * One entry per key, chosen as the store chooses within a batch ({@link EntryCopies}), at the
   * place of the copy kept. The store sees one batch at a time, so two copies of a key in different
   * batches (a feed of more than one batch that lists an entry twice) were both written, one after
   * the other, on every poll: an update and a change-feed event each time though the feed had not
   * changed, and with different content the stored copy flipped.
   */
  static List<EntryInput> oneCopyPerKey(List<EntryInput> entries) {
    Map<String, EntryInput> byKey = new LinkedHashMap<>();
    for (EntryInput e : entries) {
      EntryInput kept = byKey.get(e.entryKey());
      if (kept != null && !EntryCopies.replaces(kept.updatedAt(), e.updatedAt())) {
        continue;
      }
      byKey.remove(e.entryKey());
      byKey.put(e.entryKey(), e);
    }
    return byKey.size() == entries.size() ? entries : new ArrayList<>(byKey.values());
  }
}
