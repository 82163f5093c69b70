package com.inkzee.ranker.feed;

import com.inkzee.ranker.window.EntryWindow;
import com.inkzee.ranker.window.WindowEntry;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.api.store.EntryMessages.EntryCursor;
import com.inkzee.rpc.api.store.EntryMessages.WindowRequest;
import com.inkzee.rpc.api.store.EntryMessages.WindowResponse;
import com.inkzee.rpc.api.store.StoreService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills an empty window at start: every feed's entries of the window span, newest first, a page at
 * a time, content included: an entry without a summary takes its text from the content ({@link
 * EntryMapper}), as the change feed's copy of it does, so filters, near-duplicates, alert story
 * keys and digest summaries are the same after a restart as before. The store ends a page early at
 * its byte budget and the load reads on, so big bodies cost pages, not memory.
 *
 * <p>The store reports its change-feed head as the first page is read; tailing from that head after
 * the load misses nothing: an entry written during the load is either in a later page or above the
 * head, and one seen twice is simply put again.
 */
public final class WindowLoader {
  private static final Logger log = LoggerFactory.getLogger(WindowLoader.class);

  /** Entries per page of the load: big pages, since the load is one long sequential read. */
  public static final int PAGE_ENTRIES = 1_000;

  /** What a load came to. */
  public record Loaded(int entries, long headSequence, Duration took) {}

  private WindowLoader() {}

  public static Loaded load(StoreService store, EntryWindow window, Instant since) {
    long start = System.nanoTime();
    EntryCursor after = null;
    long head = -1;
    int loaded = 0;
    while (true) {
      WindowResponse page = store.entryWindow(new WindowRequest(since, after, PAGE_ENTRIES, false));
      if (head < 0) {
        head = page.headSequence();
      }
      List<WindowEntry> batch = new ArrayList<>(page.entries().size());
      for (Entry e : page.entries()) {
        batch.add(EntryMapper.toWindow(e));
      }
      window.putAll(batch);
      loaded += batch.size();
      if (page.next() == null || page.entries().isEmpty()) {
        break;
      }
      after = page.next();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    log.info(
        "window loaded: {} entries since {} in {} ms; change feed head {}",
        loaded,
        since,
        took.toMillis(),
        head);
    return new Loaded(loaded, Math.max(head, 0), took);
  }
}
