package com.inkzee.ranker.feed;

import com.inkzee.rpc.api.store.EntryMessages.EntriesSinceRequest;
import com.inkzee.rpc.api.store.EntryMessages.EntriesSinceResponse;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.status.RpcException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the store's change feed ({@code entriesSince}) like a log: every new or changed entry is
 * handed to the listener once, in sequence order, and the cursor moves (and is saved) only after
 * the listener has taken a page. So a crash repeats at most the last page, which the window and the
 * store's one-hit-per-alert-and-entry rule both absorb; it never skips one.
 */
public final class ChangeFeedTailer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChangeFeedTailer.class);

  /** Entries per page: large enough to keep up with a burst, small enough for one frame. */
  public static final int PAGE_ENTRIES = 500;

  private static final Duration MAX_ERROR_PAUSE = Duration.ofSeconds(10);

  /** Receives each page of new or changed entries, in sequence order, content included. */
  @FunctionalInterface
  public interface Listener {
    void onEntries(List<Entry> entries);
  }

  private final StoreService store;
  private final Listener listener;
  private final CursorFile cursorFile;
  private final Duration idlePause;
  private final Thread thread;
  private volatile long cursor;
  private volatile long caughtUpNanos = System.nanoTime();
  private volatile boolean running = true;

  /**
   * @param startAfter the sequence already reflected (entries above it are new)
   * @param cursorFile where the cursor is saved after each page, or null not to save it
   * @param idlePause the wait before asking again when the feed had nothing new (a page with
   *     anything in it, short or not, is followed by the next at once)
   */
  public ChangeFeedTailer(
      StoreService store,
      long startAfter,
      Listener listener,
      CursorFile cursorFile,
      Duration idlePause) {
    this.store = store;
    this.listener = listener;
    this.cursorFile = cursorFile;
    this.idlePause = idlePause;
    this.cursor = startAfter;
    this.thread = new Thread(this::run, "inkzee-ranker-tail");
    this.thread.setDaemon(true);
  }

  public ChangeFeedTailer start() {
    thread.start();
    return this;
  }

  /** The highest sequence handed to the listener. */
  public long cursor() {
    return cursor;
  }

  /**
   * {@link System#nanoTime()} when a page last came back empty: the tailer had read everything the
   * store had. The change-feed lag in time is measured from here.
   */
  public long caughtUpNanos() {
    return caughtUpNanos;
  }

  /** Whether the tailing thread is running (it stops only when closed). */
  public boolean isAlive() {
    return thread.isAlive();
  }

  /** Reads and hands over one page; returns how many entries it had. For tests and the loop. */
  public int pollOnce() {
    EntriesSinceResponse page =
        store.entriesSince(new EntriesSinceRequest(cursor, PAGE_ENTRIES, false));
    if (!page.entries().isEmpty()) {
      listener.onEntries(page.entries());
    }
    if (page.lastSequence() > cursor) {
      cursor = page.lastSequence();
      if (cursorFile != null) {
        cursorFile.write(cursor);
      }
    }
    // Only an empty page says the store had nothing more: it also ends a page early, at a byte
    // budget, when the entries are big (a few full-text feeds' worth of megabytes).
    if (page.entries().isEmpty()) {
      caughtUpNanos = System.nanoTime();
    }
    return page.entries().size();
  }

  private void run() {
    Duration pause = idlePause;
    while (running) {
      try {
        int n = pollOnce();
        pause = idlePause;
        if (n == 0) {
          Thread.sleep(idlePause.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RpcException e) {
        log.warn(
            "change feed not readable after {}: {}; retrying in {}", cursor, e.getMessage(), pause);
        try {
          Thread.sleep(pause.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
        pause =
            pause.multipliedBy(2).compareTo(MAX_ERROR_PAUSE) > 0
                ? MAX_ERROR_PAUSE
                : pause.multipliedBy(2);
      } catch (RuntimeException e) {
        // A listener bug must not stop the ranker from following the store; the page is retried.
        log.error("change feed page after {} failed; retrying", cursor, e);
        try {
          Thread.sleep(MAX_ERROR_PAUSE.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
