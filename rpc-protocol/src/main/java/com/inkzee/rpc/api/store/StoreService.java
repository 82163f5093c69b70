package com.inkzee.rpc.api.store;

import com.inkzee.rpc.api.health.Pingable;
import com.inkzee.rpc.api.store.AccountMessages.CreateAccountRequest;
import com.inkzee.rpc.api.store.AccountMessages.CreateSessionRequest;
import com.inkzee.rpc.api.store.AccountMessages.CredentialRequest;
import com.inkzee.rpc.api.store.AccountMessages.CredentialResponse;
import com.inkzee.rpc.api.store.AccountMessages.EndSessionRequest;
import com.inkzee.rpc.api.store.AccountMessages.EndSessionResponse;
import com.inkzee.rpc.api.store.AccountMessages.SessionRequest;
import com.inkzee.rpc.api.store.AccountMessages.SessionResponse;
import com.inkzee.rpc.api.store.AccountMessages.SetPasswordRequest;
import com.inkzee.rpc.api.store.AccountMessages.SetPasswordResponse;
import com.inkzee.rpc.api.store.AccountMessages.UpgradePasswordHashRequest;
import com.inkzee.rpc.api.store.AccountMessages.UpgradePasswordHashResponse;
import com.inkzee.rpc.api.store.AdminMessages.FeedOptionsRequest;
import com.inkzee.rpc.api.store.AdminMessages.FeedOptionsResponse;
import com.inkzee.rpc.api.store.AdminMessages.FeedStatsRequest;
import com.inkzee.rpc.api.store.AdminMessages.FeedStatsResponse;
import com.inkzee.rpc.api.store.AdminMessages.RetentionRequest;
import com.inkzee.rpc.api.store.AdminMessages.RetentionResponse;
import com.inkzee.rpc.api.store.AppPasswordMessages.AppPasswordResponse;
import com.inkzee.rpc.api.store.AppPasswordMessages.CreateAppPasswordRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.FindAppPasswordRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.FindAppPasswordResponse;
import com.inkzee.rpc.api.store.AppPasswordMessages.ListAppPasswordsRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.ListAppPasswordsResponse;
import com.inkzee.rpc.api.store.AppPasswordMessages.RevokeAppPasswordRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.RevokeAppPasswordResponse;
import com.inkzee.rpc.api.store.AppPasswordMessages.UpdateAppPasswordRequest;
import com.inkzee.rpc.api.store.AppReadingMessages.UnreadCountsRequest;
import com.inkzee.rpc.api.store.AppReadingMessages.UnreadCountsResponse;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntriesRequest;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntriesResponse;
import com.inkzee.rpc.api.store.EntryMessages.EntriesSinceRequest;
import com.inkzee.rpc.api.store.EntryMessages.EntriesSinceResponse;
import com.inkzee.rpc.api.store.EntryMessages.GetEntriesRequest;
import com.inkzee.rpc.api.store.EntryMessages.GetEntriesResponse;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.rpc.api.store.EntryMessages.IngestResponse;
import com.inkzee.rpc.api.store.EntryMessages.ListEntriesRequest;
import com.inkzee.rpc.api.store.EntryMessages.ListEntriesResponse;
import com.inkzee.rpc.api.store.EntryMessages.WindowRequest;
import com.inkzee.rpc.api.store.EntryMessages.WindowResponse;
import com.inkzee.rpc.api.store.LeaseMessages.FetchReport;
import com.inkzee.rpc.api.store.LeaseMessages.FetchReportResponse;
import com.inkzee.rpc.api.store.LeaseMessages.LeaseRequest;
import com.inkzee.rpc.api.store.LeaseMessages.LeaseResponse;
import com.inkzee.rpc.api.store.LeaseMessages.MakeDueRequest;
import com.inkzee.rpc.api.store.LeaseMessages.MakeDueResponse;
import com.inkzee.rpc.api.store.RuleMessages.AckAlertHitsRequest;
import com.inkzee.rpc.api.store.RuleMessages.AckAlertHitsResponse;
import com.inkzee.rpc.api.store.RuleMessages.AlertRequest;
import com.inkzee.rpc.api.store.RuleMessages.AlertResponse;
import com.inkzee.rpc.api.store.RuleMessages.AllAlertsRequest;
import com.inkzee.rpc.api.store.RuleMessages.DeleteRuleRequest;
import com.inkzee.rpc.api.store.RuleMessages.DeleteRuleResponse;
import com.inkzee.rpc.api.store.RuleMessages.FilterRequest;
import com.inkzee.rpc.api.store.RuleMessages.FilterResponse;
import com.inkzee.rpc.api.store.RuleMessages.ListAlertHitsRequest;
import com.inkzee.rpc.api.store.RuleMessages.ListAlertHitsResponse;
import com.inkzee.rpc.api.store.RuleMessages.ListAlertsResponse;
import com.inkzee.rpc.api.store.RuleMessages.ListFiltersResponse;
import com.inkzee.rpc.api.store.RuleMessages.ListPreferencesResponse;
import com.inkzee.rpc.api.store.RuleMessages.ListRulesRequest;
import com.inkzee.rpc.api.store.RuleMessages.PreferenceRequest;
import com.inkzee.rpc.api.store.RuleMessages.PreferenceResponse;
import com.inkzee.rpc.api.store.RuleMessages.RecordAlertHitsRequest;
import com.inkzee.rpc.api.store.RuleMessages.RecordAlertHitsResponse;
import com.inkzee.rpc.api.store.SearchMessages.SearchRequest;
import com.inkzee.rpc.api.store.SearchMessages.SearchResponse;
import com.inkzee.rpc.api.store.StateMessages.GetEntryStatesRequest;
import com.inkzee.rpc.api.store.StateMessages.GetEntryStatesResponse;
import com.inkzee.rpc.api.store.StateMessages.MarkAllReadRequest;
import com.inkzee.rpc.api.store.StateMessages.MarkAllReadResponse;
import com.inkzee.rpc.api.store.StateMessages.MarkCountsRequest;
import com.inkzee.rpc.api.store.StateMessages.MarkCountsResponse;
import com.inkzee.rpc.api.store.StateMessages.SetEntryStatesRequest;
import com.inkzee.rpc.api.store.StateMessages.SetEntryStatesResponse;
import com.inkzee.rpc.api.store.StateMessages.UserStatesRequest;
import com.inkzee.rpc.api.store.StateMessages.UserStatesResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.OpmlExportRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.OpmlExportResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.UnsubscribeRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.UnsubscribeResponse;
import com.inkzee.rpc.api.store.UserMessages.CreateUserRequest;
import com.inkzee.rpc.api.store.UserMessages.GetUserRequest;
import com.inkzee.rpc.api.store.UserMessages.UserResponse;
import com.inkzee.rpc.service.RpcMethod;
import com.inkzee.rpc.service.RpcService;

/**
 * The store: feeds, entries, users and their states and rules, in PostgreSQL or the embedded
 * default. The only service that touches the database.
 *
 * <p>Method ids are grouped by stage (1-9 users and subscriptions, 10-19 the fetch queue, 20-29
 * entries, 30-39 states, 40-49 rules, 50-59 search, 60-69 operations, 70-79 more rules: preferences
 * and alert acknowledgement, new in 1.3; 80-89 accounts and sessions of the web reader, new in
 * 1.4). Every method is idempotent except the ones that hand out something new each time: leases,
 * fetch reports (the report releases the lease, so a retry is refused) and rule creation. Input
 * over a {@link StoreLimits} limit is answered INVALID_ARGUMENT naming the field and the limit; an
 * unknown user, feed or rule NOT_FOUND; a database that cannot be reached UNAVAILABLE.
 */
@RpcService("store")
public interface StoreService extends Pingable {
  @RpcMethod(id = 1, idempotent = true)
  UserResponse createUser(CreateUserRequest request);

  @RpcMethod(id = 2, idempotent = true)
  UserResponse getUser(GetUserRequest request);

  @RpcMethod(id = 3, idempotent = true)
  SubscribeResponse subscribe(SubscribeRequest request);

  @RpcMethod(id = 4, idempotent = true)
  UnsubscribeResponse unsubscribe(UnsubscribeRequest request);

  @RpcMethod(id = 5, idempotent = true)
  ListSubscriptionsResponse listSubscriptions(ListSubscriptionsRequest request);

  @RpcMethod(id = 6, idempotent = true)
  OpmlExportResponse exportOpml(OpmlExportRequest request);

  /** Not idempotent: every call leases different feeds. */
  @RpcMethod(id = 10)
  LeaseResponse leaseDueFeeds(LeaseRequest request);

  /** Not idempotent: the first report releases the lease, so a repeat is FAILED_PRECONDITION. */
  @RpcMethod(id = 11)
  FetchReportResponse reportFetch(FetchReport request);

  /** Makes a feed due now (the fetcher's refresh); NOT_FOUND for an unknown feed. New in 1.2. */
  @RpcMethod(id = 12, idempotent = true)
  MakeDueResponse makeFeedDue(MakeDueRequest request);

  /** Idempotent by design: entries are unique per feed and key, content compared by hash. */
  @RpcMethod(id = 20, idempotent = true)
  IngestResponse ingestEntries(IngestRequest request);

  @RpcMethod(id = 21, idempotent = true)
  EntriesSinceResponse entriesSince(EntriesSinceRequest request);

  @RpcMethod(id = 22, idempotent = true)
  GetEntriesResponse getEntries(GetEntriesRequest request);

  @RpcMethod(id = 23, idempotent = true)
  ListEntriesResponse listEntries(ListEntriesRequest request);

  /**
   * Every feed's entries since a time, newest first, keyset-paged, with the change feed's head
   * sequence read at the start of the call: how the ranker loads its window before tailing {@code
   * entriesSince}. INVALID_ARGUMENT for a null {@code since} or a limit outside 1..{@link
   * StoreLimits#MAX_PAGE_ROWS}. New in 1.3.
   */
  @RpcMethod(id = 24, idempotent = true)
  WindowResponse entryWindow(WindowRequest request);

  @RpcMethod(id = 30, idempotent = true)
  SetEntryStatesResponse setEntryStates(SetEntryStatesRequest request);

  @RpcMethod(id = 31, idempotent = true)
  GetEntryStatesResponse getEntryStates(GetEntryStatesRequest request);

  @RpcMethod(id = 32, idempotent = true)
  MarkAllReadResponse markAllRead(MarkAllReadRequest request);

  /**
   * The user's marked entries by entry id, paged (the ranker learns what a reader reads, stars and
   * likes from them). NOT_FOUND for an unknown user; INVALID_ARGUMENT for a limit outside 1..{@link
   * StoreLimits#MAX_PAGE_ROWS}. New in 1.3.
   */
  @RpcMethod(id = 33, idempotent = true)
  UserStatesResponse listUserStates(UserStatesRequest request);

  /**
   * The user's marks counted per followed feed, in one aggregate query: the ranker learns source
   * affinity from these counts and reads only the marks of entries its window can show (with {@link
   * #listUserStates} from the window's lowest entry id). NOT_FOUND for an unknown user. New in
   * 1.11: an older store answers UNIMPLEMENTED, and the ranker then reads every mark as before.
   */
  @RpcMethod(id = 34, idempotent = true)
  MarkCountsResponse markCountsByFeed(MarkCountsRequest request);

  /** Not idempotent: a retry would create a second filter. */
  @RpcMethod(id = 40)
  FilterResponse createFilter(FilterRequest request);

  @RpcMethod(id = 41, idempotent = true)
  FilterResponse updateFilter(FilterRequest request);

  @RpcMethod(id = 42, idempotent = true)
  DeleteRuleResponse deleteFilter(DeleteRuleRequest request);

  @RpcMethod(id = 43, idempotent = true)
  ListFiltersResponse listFilters(ListRulesRequest request);

  /** Not idempotent: a retry would create a second alert. */
  @RpcMethod(id = 44)
  AlertResponse createAlert(AlertRequest request);

  @RpcMethod(id = 45, idempotent = true)
  AlertResponse updateAlert(AlertRequest request);

  @RpcMethod(id = 46, idempotent = true)
  DeleteRuleResponse deleteAlert(DeleteRuleRequest request);

  @RpcMethod(id = 47, idempotent = true)
  ListAlertsResponse listAlerts(ListRulesRequest request);

  /** Idempotent: a hit is unique per alert and entry. */
  @RpcMethod(id = 48, idempotent = true)
  RecordAlertHitsResponse recordAlertHits(RecordAlertHitsRequest request);

  @RpcMethod(id = 49, idempotent = true)
  ListAlertHitsResponse listAlertHits(ListAlertHitsRequest request);

  @RpcMethod(id = 50, idempotent = true)
  SearchResponse search(SearchRequest request);

  /** Idempotent: a second run finds nothing more to purge (unless time has passed). */
  @RpcMethod(id = 60, idempotent = true)
  RetentionResponse runRetention(RetentionRequest request);

  @RpcMethod(id = 61, idempotent = true)
  FeedStatsResponse feedStats(FeedStatsRequest request);

  /** Sets a feed's operator options (TLS exception); NOT_FOUND for an unknown feed. New in 1.2. */
  @RpcMethod(id = 62, idempotent = true)
  FeedOptionsResponse setFeedOptions(FeedOptionsRequest request);

  /**
   * Creates or replaces the user's preference with the same kind, normalised value and scope.
   * INVALID_ARGUMENT naming the field for a weight outside -3..3 or 0, an empty value, a missing
   * kind, or a scope with both feed and folder; NOT_FOUND for an unknown user. New in 1.3.
   */
  @RpcMethod(id = 70, idempotent = true)
  PreferenceResponse setPreference(PreferenceRequest request);

  /**
   * Deletes the user's preference {@code id}; {@code deleted} false if there was none. New in 1.3.
   */
  @RpcMethod(id = 71, idempotent = true)
  DeleteRuleResponse deletePreference(DeleteRuleRequest request);

  /** The user's preferences by id; NOT_FOUND for an unknown user. New in 1.3. */
  @RpcMethod(id = 72, idempotent = true)
  ListPreferencesResponse listPreferences(ListRulesRequest request);

  /**
   * Acknowledges the user's own alert hits (others' ids are ignored); a hit acknowledged before
   * keeps its time. New in 1.3.
   */
  @RpcMethod(id = 73, idempotent = true)
  AckAlertHitsResponse ackAlertHits(AckAlertHitsRequest request);

  /**
   * Every enabled alert of every user, by id, paged. INVALID_ARGUMENT for a limit outside 1..{@link
   * StoreLimits#MAX_PAGE_ROWS}. New in 1.3.
   */
  @RpcMethod(id = 74, idempotent = true)
  ListAlertsResponse allAlerts(AllAlertsRequest request);

  /**
   * Creates a user with a password hash ({@link AccountMessages}). Not idempotent: a retry after
   * success finds the name taken. ALREADY_EXISTS for a name in use; INVALID_ARGUMENT for an empty
   * name or hash, or a hash over {@link AccountMessages#MAX_PASSWORD_HASH_BYTES}. New in 1.4.
   */
  @RpcMethod(id = 80)
  UserResponse createAccount(CreateAccountRequest request);

  /**
   * User {@code name} and their password hash. NOT_FOUND for an unknown name or a user without a
   * password (the same answer, so a caller cannot tell them apart). New in 1.4.
   */
  @RpcMethod(id = 81, idempotent = true)
  CredentialResponse getCredential(CredentialRequest request);

  /** Sets a user's password hash, optionally ending their sessions. NOT_FOUND: user. New in 1.4. */
  @RpcMethod(id = 82, idempotent = true)
  SetPasswordResponse setPassword(SetPasswordRequest request);

  /**
   * Starts a session (idempotent per token hash). INVALID_ARGUMENT for a token hash that is not 64
   * hex digits, an expiry not in the future, or a CSRF token over {@link
   * AccountMessages#MAX_CSRF_TOKEN_BYTES}; NOT_FOUND for an unknown user. New in 1.4.
   */
  @RpcMethod(id = 83, idempotent = true)
  SessionResponse createSession(CreateSessionRequest request);

  /** A live session by token hash; NOT_FOUND when missing or expired. New in 1.4. */
  @RpcMethod(id = 84, idempotent = true)
  SessionResponse getSession(SessionRequest request);

  /** Ends a session; {@code ended} false if there was none. New in 1.4. */
  @RpcMethod(id = 85, idempotent = true)
  EndSessionResponse endSession(EndSessionRequest request);

  /**
   * Creates an app password from the digests the gateway derived ({@link AppPasswordMessages}). Not
   * idempotent. INVALID_ARGUMENT for an empty or over-long label, a digest of the wrong form;
   * ALREADY_EXISTS for a digest already in use; RESOURCE_EXHAUSTED when the user has {@link
   * AppPasswordMessages#MAX_PER_USER}; NOT_FOUND for an unknown user. New in 1.5.
   */
  @RpcMethod(id = 86)
  AppPasswordResponse createAppPassword(CreateAppPasswordRequest request);

  /** The user's app passwords, oldest first. NOT_FOUND: user. New in 1.5. */
  @RpcMethod(id = 87, idempotent = true)
  ListAppPasswordsResponse listAppPasswords(ListAppPasswordsRequest request);

  /**
   * Relabels an app password or changes its order. NOT_FOUND: the user's app password. New in 1.5.
   */
  @RpcMethod(id = 88, idempotent = true)
  AppPasswordResponse updateAppPassword(UpdateAppPasswordRequest request);

  /** Revokes an app password at once; {@code revoked} false if there was none. New in 1.5. */
  @RpcMethod(id = 89, idempotent = true)
  RevokeAppPasswordResponse revokeAppPassword(RevokeAppPasswordRequest request);

  /**
   * The app password with that digest, and its user; NOT_FOUND when there is none (revoked or never
   * made: the same answer). Records the use in {@code lastUsedAt}. New in 1.5.
   */
  @RpcMethod(id = 90, idempotent = true)
  FindAppPasswordResponse findAppPassword(FindAppPasswordRequest request);

  /**
   * The user's entries by id with their marks ({@link AppReadingMessages}). INVALID_ARGUMENT for a
   * limit out of range or too many {@code entryIds} or {@code feedIds}; NOT_FOUND: user. New in
   * 1.5.
   */
  @RpcMethod(id = 91, idempotent = true)
  UserEntriesResponse userEntries(UserEntriesRequest request);

  /** Unread entries per followed feed. NOT_FOUND: user. New in 1.5. */
  @RpcMethod(id = 92, idempotent = true)
  UnreadCountsResponse unreadCounts(UnreadCountsRequest request);

  /**
   * Replaces a password hash only while it is still the one expected. INVALID_ARGUMENT for a blank
   * or oversized hash. New in 1.9: an older store answers UNIMPLEMENTED.
   */
  @RpcMethod(id = 93, idempotent = true)
  UpgradePasswordHashResponse upgradePasswordHash(UpgradePasswordHashRequest request);
}
