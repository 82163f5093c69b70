package com.inkzee.rpc.catalogue;

import com.inkzee.rpc.api.fetcher.FetcherMessages;
import com.inkzee.rpc.api.fetcher.FetcherService;
import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.api.ranker.RankerMessages;
import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.api.store.AccountMessages;
import com.inkzee.rpc.api.store.AdminMessages;
import com.inkzee.rpc.api.store.AppPasswordMessages;
import com.inkzee.rpc.api.store.AppReadingMessages;
import com.inkzee.rpc.api.store.EntryMessages;
import com.inkzee.rpc.api.store.LeaseMessages;
import com.inkzee.rpc.api.store.RuleMessages;
import com.inkzee.rpc.api.store.SearchMessages;
import com.inkzee.rpc.api.store.StateMessages;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.SubscriptionMessages;
import com.inkzee.rpc.api.store.UserMessages;

/**
 * The one catalogue of Inkzee RPC, protocol major version 1.
 *
 * <p>Rules (docs/PROTOCOL.md, "Evolution"): ids are assigned once and never reused; a removed
 * message's id moves to {@code retired}; any change to the schema bumps {@link #MINOR}, and
 * CatalogueCompatibilityTest fails the build on an incompatible one. Id blocks: 100-199 health and
 * shared types, 200-399 store, 400-499 fetcher, 500-699 ranker.
 */
public final class InkzeeCatalogue {
  public static final int MAJOR = 1;
  public static final int MINOR = 12;

  private static final Catalogue CATALOGUE =
      Catalogue.builder(MAJOR, MINOR)
          .message(100, PingRequest.class)
          .message(101, PingResponse.class)
          // 200-399: store (api.store), grouped as in StoreService.
          .message(200, UserMessages.User.class)
          .message(201, UserMessages.CreateUserRequest.class)
          .message(202, UserMessages.GetUserRequest.class)
          .message(203, UserMessages.UserResponse.class)
          .message(204, SubscriptionMessages.SubscribeRequest.class)
          .message(205, SubscriptionMessages.Subscription.class)
          .message(206, SubscriptionMessages.SubscribeResponse.class)
          .message(207, SubscriptionMessages.UnsubscribeRequest.class)
          .message(208, SubscriptionMessages.UnsubscribeResponse.class)
          .message(209, SubscriptionMessages.ListSubscriptionsRequest.class)
          .message(210, SubscriptionMessages.ListSubscriptionsResponse.class)
          .message(211, SubscriptionMessages.OpmlExportRequest.class)
          .message(212, SubscriptionMessages.OpmlOutline.class)
          .message(213, SubscriptionMessages.OpmlExportResponse.class)
          .message(214, LeaseMessages.LeaseRequest.class)
          .message(215, LeaseMessages.LeasedFeed.class)
          .message(216, LeaseMessages.LeaseResponse.class)
          .message(217, LeaseMessages.FetchReport.class)
          .message(218, LeaseMessages.FetchReportResponse.class)
          .message(219, EntryMessages.Enclosure.class)
          .message(220, EntryMessages.EntryInput.class)
          .message(221, EntryMessages.IngestRequest.class)
          .message(222, EntryMessages.IngestResponse.class)
          .message(223, EntryMessages.Entry.class)
          .message(224, EntryMessages.EntriesSinceRequest.class)
          .message(225, EntryMessages.EntriesSinceResponse.class)
          .message(226, EntryMessages.GetEntriesRequest.class)
          .message(227, EntryMessages.GetEntriesResponse.class)
          .message(228, EntryMessages.EntryCursor.class)
          .message(229, EntryMessages.ListEntriesRequest.class)
          .message(230, EntryMessages.ListEntriesResponse.class)
          .message(231, StateMessages.EntryState.class)
          .message(232, StateMessages.SetEntryStatesRequest.class)
          .message(233, StateMessages.SetEntryStatesResponse.class)
          .message(234, StateMessages.GetEntryStatesRequest.class)
          .message(235, StateMessages.GetEntryStatesResponse.class)
          .message(236, StateMessages.MarkAllReadRequest.class)
          .message(237, StateMessages.MarkAllReadResponse.class)
          .message(238, RuleMessages.Filter.class)
          .message(239, RuleMessages.FilterRequest.class)
          .message(240, RuleMessages.FilterResponse.class)
          .message(241, RuleMessages.ListFiltersResponse.class)
          .message(242, RuleMessages.Alert.class)
          .message(243, RuleMessages.AlertRequest.class)
          .message(244, RuleMessages.AlertResponse.class)
          .message(245, RuleMessages.ListAlertsResponse.class)
          .message(246, RuleMessages.DeleteRuleRequest.class)
          .message(247, RuleMessages.DeleteRuleResponse.class)
          .message(248, RuleMessages.ListRulesRequest.class)
          .message(249, RuleMessages.AlertHit.class)
          .message(250, RuleMessages.RecordAlertHitsRequest.class)
          .message(251, RuleMessages.RecordAlertHitsResponse.class)
          .message(252, RuleMessages.ListAlertHitsRequest.class)
          .message(253, RuleMessages.ListAlertHitsResponse.class)
          .message(254, SearchMessages.SearchRequest.class)
          .message(255, SearchMessages.SearchResponse.class)
          .message(256, AdminMessages.RetentionRequest.class)
          .message(257, AdminMessages.RetentionResponse.class)
          .message(258, AdminMessages.FeedStatsRequest.class)
          .message(259, AdminMessages.FeedStats.class)
          .message(260, AdminMessages.FeedStatsResponse.class)
          // New in 1.2.
          .message(261, AdminMessages.FeedOptionsRequest.class)
          .message(262, AdminMessages.FeedOptionsResponse.class)
          .message(263, LeaseMessages.MakeDueRequest.class)
          .message(264, LeaseMessages.MakeDueResponse.class)
          // New in 1.3: for the ranker.
          .message(265, RuleMessages.Preference.class)
          .message(266, RuleMessages.PreferenceRequest.class)
          .message(267, RuleMessages.PreferenceResponse.class)
          .message(268, RuleMessages.ListPreferencesResponse.class)
          .message(269, RuleMessages.AckAlertHitsRequest.class)
          .message(270, RuleMessages.AckAlertHitsResponse.class)
          .message(271, RuleMessages.AllAlertsRequest.class)
          .message(272, StateMessages.UserStatesRequest.class)
          .message(273, StateMessages.UserStatesResponse.class)
          .message(274, EntryMessages.WindowRequest.class)
          .message(275, EntryMessages.WindowResponse.class)
          // New in 1.4: accounts and sessions of the web reader.
          .message(276, AccountMessages.CreateAccountRequest.class)
          .message(277, AccountMessages.CredentialRequest.class)
          .message(278, AccountMessages.CredentialResponse.class)
          .message(279, AccountMessages.SetPasswordRequest.class)
          .message(280, AccountMessages.SetPasswordResponse.class)
          .message(281, AccountMessages.Session.class)
          .message(282, AccountMessages.CreateSessionRequest.class)
          .message(283, AccountMessages.SessionRequest.class)
          .message(284, AccountMessages.SessionResponse.class)
          .message(285, AccountMessages.EndSessionRequest.class)
          .message(286, AccountMessages.EndSessionResponse.class)
          // New in 1.5: app passwords and what reading apps list (Google Reader, Fever).
          .message(287, AppPasswordMessages.AppPassword.class)
          .message(288, AppPasswordMessages.CreateAppPasswordRequest.class)
          .message(289, AppPasswordMessages.AppPasswordResponse.class)
          .message(290, AppPasswordMessages.ListAppPasswordsRequest.class)
          .message(291, AppPasswordMessages.ListAppPasswordsResponse.class)
          .message(292, AppPasswordMessages.UpdateAppPasswordRequest.class)
          .message(293, AppPasswordMessages.RevokeAppPasswordRequest.class)
          .message(294, AppPasswordMessages.RevokeAppPasswordResponse.class)
          .message(295, AppPasswordMessages.FindAppPasswordRequest.class)
          .message(296, AppPasswordMessages.FindAppPasswordResponse.class)
          .message(297, AppReadingMessages.UserEntriesRequest.class)
          .message(298, AppReadingMessages.UserEntry.class)
          .message(299, AppReadingMessages.UserEntriesResponse.class)
          .message(300, AppReadingMessages.UnreadCountsRequest.class)
          .message(301, AppReadingMessages.FeedUnread.class)
          .message(302, AppReadingMessages.UnreadCountsResponse.class)
          // New in 1.9: a password hash upgraded at sign-in.
          .message(303, AccountMessages.UpgradePasswordHashRequest.class)
          .message(304, AccountMessages.UpgradePasswordHashResponse.class)
          // New in 1.11: a reader's marks counted per feed, for the ranker's affinity.
          .message(305, StateMessages.MarkCountsRequest.class)
          .message(306, StateMessages.FeedMarkCounts.class)
          .message(307, StateMessages.MarkCountsResponse.class)
          // 400-499: fetcher (api.fetcher), new in 1.2.
          .message(400, FetcherMessages.DiscoverRequest.class)
          .message(401, FetcherMessages.DiscoveredFeed.class)
          .message(402, FetcherMessages.DiscoverResponse.class)
          .message(403, FetcherMessages.ImportOpmlRequest.class)
          .message(404, FetcherMessages.ImportOpmlResponse.class)
          .message(405, FetcherMessages.ExportOpmlRequest.class)
          .message(406, FetcherMessages.ExportOpmlResponse.class)
          .message(407, FetcherMessages.RefreshRequest.class)
          .message(408, FetcherMessages.RefreshResponse.class)
          // 500-699: ranker (api.ranker), new in 1.3.
          .message(500, RankerMessages.RiverRequest.class)
          .message(501, RankerMessages.ScorePart.class)
          .message(502, RankerMessages.AlsoIn.class)
          .message(503, RankerMessages.RiverItem.class)
          .message(504, RankerMessages.RiverResponse.class)
          .message(505, RankerMessages.DigestRequest.class)
          .message(506, RankerMessages.DigestItem.class)
          .message(507, RankerMessages.DigestResponse.class)
          .message(508, RankerMessages.SetStatesResponse.class)
          .message(509, RankerMessages.AwaitAlertHitsRequest.class)
          // New in 1.4: for the web reader.
          .message(510, RankerMessages.SubscribeSiteRequest.class)
          .message(511, RankerMessages.SubscribeSiteResponse.class)
          .message(512, RankerMessages.EntriesRequest.class)
          // New in 1.6: undoing recent read marks (Fever's unread_recently_read).
          .message(513, RankerMessages.UnreadRecentlyReadRequest.class)
          .message(514, RankerMessages.UnreadRecentlyReadResponse.class)
          .service(StoreService.class)
          .service(FetcherService.class)
          .service(RankerService.class)
          .build();

  private InkzeeCatalogue() {}

  public static Catalogue get() {
    return CATALOGUE;
  }
}
