package com.inkzee.ranker.users;

import com.inkzee.rpc.api.store.StateMessages.EntryState;
import com.inkzee.rpc.api.store.StateMessages.UserStatesRequest;
import com.inkzee.rpc.api.store.StoreLimits;
import com.inkzee.rpc.api.store.StoreService;
import java.util.List;
import java.util.function.Consumer;

/**
 * Pages a reader's marks out of the store ({@code listUserStates}) over a range of entry ids, by
 * entry id: what a reader load and an undo of recent reads both read.
 */
final class MarksReader {
  /** Marks read per page: the store's page limit. */
  private static final int STATES_PAGE = StoreLimits.MAX_PAGE_ROWS;

  private final StoreService store;

  MarksReader(StoreService store) {
    this.store = store;
  }

  /**
   * Hands each of the reader's marks on an entry id in {@code [fromEntryId, belowEntryId)} to
   * {@code each}, by entry id, a page at a time.
   *
   * @throws com.inkzee.rpc.status.RpcException NOT_FOUND for an unknown user, UNAVAILABLE when the
   *     store cannot be reached
   */
  void read(long userId, long fromEntryId, long belowEntryId, Consumer<EntryState> each) {
    long after = Math.max(0, fromEntryId - 1);
    while (after < belowEntryId - 1) {
      List<EntryState> page =
          store.listUserStates(new UserStatesRequest(userId, after, STATES_PAGE)).states();
      for (EntryState s : page) {
        if (s.entryId() >= belowEntryId) {
          return;
        }
        each.accept(s);
        after = Math.max(after, s.entryId());
      }
      if (page.size() < STATES_PAGE) {
        return;
      }
    }
  }
}
