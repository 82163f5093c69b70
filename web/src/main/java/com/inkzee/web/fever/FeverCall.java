package com.inkzee.web.fever;

import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.Subscription;
import com.inkzee.web.apps.AppReader;
import java.util.List;

/**
 * One authenticated Fever call: whose, its arguments, the ranker, and the reader's subscriptions
 * and folders, asked for once and only when a part of the answer needs them.
 */
final class FeverCall {
  /** The reader's subscriptions and their folders as Fever groups. */
  record Folders(List<Subscription> subscriptions, FeverGroups groups) {}

  private final RankerService ranker;
  private final AppReader reader;
  private final FeverParams params;
  private Folders folders;

  FeverCall(RankerService ranker, AppReader reader, FeverParams params) {
    this.ranker = ranker;
    this.reader = reader;
    this.params = params;
  }

  RankerService ranker() {
    return ranker;
  }

  long userId() {
    return reader.userId();
  }

  FeverParams params() {
    return params;
  }

  Folders folders() {
    if (folders == null) {
      ListSubscriptionsResponse r =
          ranker.listSubscriptions(new ListSubscriptionsRequest(reader.userId()));
      folders = new Folders(r.subscriptions(), new FeverGroups(r.folders(), r.subscriptions()));
    }
    return folders;
  }
}
