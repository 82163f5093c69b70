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
      arrivals.arrived(entry.id(), clock.instant());
      window.put(entry); // refused when older than the window: alerts still see it
      dispatcher.dispatch(entry, alerts.matcher().match(entry, folders));
    }
  }
}
