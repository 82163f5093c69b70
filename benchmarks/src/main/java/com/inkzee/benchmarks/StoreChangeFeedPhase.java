package com.inkzee.benchmarks;

import com.inkzee.rpc.api.store.EntryMessages.EntriesSinceRequest;
import com.inkzee.rpc.api.store.EntryMessages.EntriesSinceResponse;
import com.inkzee.rpc.api.store.StoreService;
import java.util.Locale;

/** Phase (b): how fast the change feed ({@code entriesSince}) can be tailed. */
final class StoreChangeFeedPhase extends StorePhase {
  StoreChangeFeedPhase(StorePhase.Settings settings) {
    super(settings);
  }

  boolean run(StoreService store) {
    boolean ok = true;
    for (boolean withoutContent : new boolean[] {false, true}) {
      long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
      long started = System.nanoTime();
      long cursor = 0;
      long count = 0;
      long calls = 0;
      while (System.nanoTime() < deadline) {
        EntriesSinceResponse r =
            store.entriesSince(new EntriesSinceRequest(cursor, 1000, withoutContent));
        calls++;
        if (r.entries().isEmpty()) {
          break;
        }
        count += r.entries().size();
        if (r.lastSequence() <= cursor) {
          ok = false; // the cursor must move, or the reader would loop forever
          break;
        }
        cursor = r.lastSequence();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "  entriesSince %s: %,d entries in %.2f s%n",
          withoutContent ? "without content" : "with content   ",
          count,
          seconds);
      rows.add(
          row(
              "entriesSince, " + (withoutContent ? "without content" : "with content"),
              "%,.0f entries/s",
              count / seconds,
              String.format(
                  Locale.ROOT,
                  "%,d entries from sequence 0, pages of 1,000, %,d calls, one reader",
                  count,
                  calls)));
    }
    return ok;
  }
}
