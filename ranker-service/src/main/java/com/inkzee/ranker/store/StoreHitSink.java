package com.inkzee.ranker.store;

import com.inkzee.ranker.alert.AlertHit;
import com.inkzee.ranker.alert.HitSink;
import com.inkzee.ranker.alert.NewHit;
import com.inkzee.rpc.api.store.RuleMessages.ListAlertHitsRequest;
import com.inkzee.rpc.api.store.RuleMessages.RecordAlertHitsRequest;
import com.inkzee.rpc.api.store.StoreService;
import java.util.ArrayList;
import java.util.List;

/**
 * Records fired hits in the store, which keeps one hit per alert and entry, and reads back the ids
 * of those it newly recorded. One hit per call: hits are rare (each alert is rate-limited), and a
 * single-hit answer says exactly whether that hit was new.
 */
public final class StoreHitSink implements HitSink {
  /** Newest hits of one alert read back to find the one just recorded. */
  private static final int READ_BACK = 20;

  private final StoreService store;

  public StoreHitSink(StoreService store) {
    this.store = store;
  }

  @Override
  public List<AlertHit> record(List<NewHit> hits) {
    List<AlertHit> recorded = new ArrayList<>();
    for (NewHit h : hits) {
      var stored =
          new com.inkzee.rpc.api.store.RuleMessages.AlertHit(
              0, h.alertId(), h.entryId(), h.hitAt(), null);
      int added = store.recordAlertHits(new RecordAlertHitsRequest(List.of(stored))).recorded();
      if (added == 0) {
        continue; // the store had it: a replay, which must wake no one
      }
      for (var back :
          store
              .listAlertHits(new ListAlertHitsRequest(h.userId(), h.alertId(), 0, READ_BACK))
              .hits()) {
        if (back.entryId() == h.entryId()) {
          recorded.add(new AlertHit(back.id(), h.alertId(), h.userId(), h.entryId(), back.hitAt()));
          break;
        }
      }
    }
    return recorded;
  }
}
