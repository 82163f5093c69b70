package com.inkzee.ranker.feed;

import com.inkzee.ranker.alert.AlertDispatcher;
import com.inkzee.ranker.alert.AlertRegistry;
import com.inkzee.ranker.alert.FolderLookup;
import com.inkzee.ranker.window.EntryWindow;
import com.inkzee.ranker.window.WindowEntry;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import java.time.Clock;
import java.util.List;

/**
 * Takes each page of the change feed into the ranker: the entry joins the window (and so its story
 * cluster), then is matched against every reader's alerts in one pass and its hits fired. Alerts
 * run after the window put so a copy of a story already alerted from another feed is recognised as
 * the same story.
 */
public final class EntryIntake implements ChangeFeedTailer.Listener {
  private final EntryWindow window;
  private final AlertRegistry alerts;
  private final AlertDispatcher dispatcher;
  private final FolderLookup folders;
  private final ArrivalTimes arrivals;
  private final Clock clock;

  public EntryIntake(
      EntryWindow window,
      AlertRegistry alerts,
      AlertDispatcher dispatcher,
      FolderLookup folders,
      ArrivalTimes arrivals,
      Clock clock) {
    this.window = window;
    this.alerts = alerts;
    this.dispatcher = dispatcher;
    this.folders = folders;
    this.arrivals = arrivals;
    this.clock = clock;
  }

  @Override
  public void onEntries(List<Entry> entries) {
    for (Entry e : entries) {
      WindowEntry entry = EntryMapper.toWindow(e);
      // Only an entry new to the window arrives: an update of one already there (loaded at start,
      // with no time) would otherwise leave a digest being extended. The time is kept before the
      // put, so no digest sees the entry without it, and dropped again when the window refuses
      // the entry (older than its span), or the times of refused entries would pile up forever.
      boolean arriving =
          window.get(entry.id()) == null && arrivals.arrived(entry.id(), clock.instant());
      if (!window.put(entry) && arriving) {
        arrivals.forget(entry.id()); // refused: alerts still see it, below
      }
      dispatcher.dispatch(entry, alerts.matcher().match(entry, folders));
    }
  }
}
