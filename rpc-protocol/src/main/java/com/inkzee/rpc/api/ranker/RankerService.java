package com.inkzee.rpc.api.ranker;

import com.inkzee.rpc.api.fetcher.FetcherMessages.ExportOpmlRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ExportOpmlResponse;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ImportOpmlRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ImportOpmlResponse;
import com.inkzee.rpc.api.health.Pingable;
import com.inkzee.rpc.api.ranker.RankerMessages.AwaitAlertHitsRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.DigestRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.DigestResponse;
import com.inkzee.rpc.api.ranker.RankerMessages.EntriesRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverResponse;
import com.inkzee.rpc.api.ranker.RankerMessages.SetStatesResponse;
import com.inkzee.rpc.api.ranker.RankerMessages.SubscribeSiteRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.SubscribeSiteResponse;
import com.inkzee.rpc.api.ranker.RankerMessages.UnreadRecentlyReadRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.UnreadRecentlyReadResponse;
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
import com.inkzee.rpc.api.store.EntryMessages.GetEntriesResponse;
import com.inkzee.rpc.api.store.RuleMessages.AckAlertHitsRequest;
import com.inkzee.rpc.api.store.RuleMessages.AckAlertHitsResponse;
import com.inkzee.rpc.api.store.RuleMessages.AlertRequest;
import com.inkzee.rpc.api.store.RuleMessages.AlertResponse;
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
import com.inkzee.rpc.api.store.StateMessages.MarkAllReadRequest;
import com.inkzee.rpc.api.store.StateMessages.MarkAllReadResponse;
import com.inkzee.rpc.api.store.StateMessages.SetEntryStatesRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.UnsubscribeRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.UnsubscribeResponse;
import com.inkzee.rpc.api.store.UserMessages.UserResponse;
import com.inkzee.rpc.service.RpcMethod;
import com.inkzee.rpc.service.RpcService;

/**
 * The ranker: each reader's ranked river, duplicate clusters, filters, alerts, learned preferences
 * and digests. It is the service a reader's client (the web gateway) talks to; where it only
 * forwards a call to the store (subscriptions, rules, preferences) it takes and returns the store's
 * messages, and keeps its in-memory view in step with the change.
 *
 * <p>Method ids are grouped (1-9 reading, 10-19 subscriptions, 20-29 marks, 30-39 filters, 40-49
 * alerts, 50-59 preferences, 60-69 accounts and sessions, 70-79 app passwords and app reading); the
 * methods of 1.3 are the reading, subscription, mark, rule and preference ones; {@code entries}
 * (3), {@code subscribeSite}, {@code importOpml}, {@code exportOpml} (13-15) and the account
 * methods (60-65) are new in 1.4, so a client must be ready for UNIMPLEMENTED from an older ranker.
 * Every method is idempotent except the two that create a rule and {@code createAccount}. Where a
 * method forwards to the fetcher (13-15), UNAVAILABLE also means the fetcher cannot be reached.
 * Statuses common to all: INVALID_ARGUMENT naming the field for a bad argument (a limit outside
 * 1..{@link RankerMessages#MAX_RIVER_ITEMS}, a cursor this ranker did not give out, a rule the
 * store refuses), NOT_FOUND for an unknown user (or rule, feed or entry where named), UNAVAILABLE
 * when the store cannot be reached, and UNAVAILABLE while the ranker is still loading its window
 * after a start (retry with backoff).
 */
@RpcService("ranker")
public interface RankerService extends Pingable {
  /**
   * A page of the user's river, ranked or by time, with each item's score breakdown and its
   * duplicates collapsed under it (the cluster's best entry is the item; the others are in {@code
   * alsoIn}). Filters apply: HIDE hides, KEEP shows only matches in its scope. Idempotent (only
   * reads). INVALID_ARGUMENT for a bad limit or cursor, or both {@code feedId} and {@code folder};
   * NOT_FOUND for an unknown user, or a feed or folder the user does not follow.
   */
  @RpcMethod(id = 1, idempotent = true)
  RiverResponse river(RiverRequest request);

  /**
   * The best unread entries that fit in the given minutes of reading, each with a short summary and
   * its reading time. Idempotent: the same {@code asOf} and budget give the same digest, and a
   * larger budget with the same {@code asOf} extends it. INVALID_ARGUMENT for minutes outside
   * 1..1440; NOT_FOUND for an unknown user.
   */
  @RpcMethod(id = 2, idempotent = true)
  DigestResponse digest(DigestRequest request);

  /**
   * Entries by id, with their content when asked: what a reader opens, and what an alert hit points
   * at. Entries of feeds the user does not follow are left out. Idempotent. INVALID_ARGUMENT for
   * more than {@code StoreLimits.MAX_IDS} ids; NOT_FOUND for an unknown user. New in 1.4. Since
   * 1.10 an answer stops at the store's page budget and names the ids it did not reach in {@code
   * deferredIds}: ask again for those.
   */
  @RpcMethod(id = 3, idempotent = true)
  GetEntriesResponse entries(EntriesRequest request);

  /**
   * Follows a feed (the store's subscribe: the feed row is shared, subscribing again updates title,
   * folder and priority). Idempotent. INVALID_ARGUMENT for a URL the store refuses; NOT_FOUND for
   * an unknown user.
   */
  @RpcMethod(id = 10, idempotent = true)
  SubscribeResponse subscribe(SubscribeRequest request);

  /** Stops following a feed; {@code removed} false if not followed. Idempotent. NOT_FOUND: user. */
  @RpcMethod(id = 11, idempotent = true)
  UnsubscribeResponse unsubscribe(UnsubscribeRequest request);

  /** The user's subscriptions and folders, as the store lists them. Idempotent. NOT_FOUND: user. */
  @RpcMethod(id = 12, idempotent = true)
  ListSubscriptionsResponse listSubscriptions(ListSubscriptionsRequest request);

  /**
   * Follows a site or feed URL: the fetcher's discovery picks the feed (the best of those the page
   * names, or the URL itself when it is a feed), then the store subscribes. Idempotent.
   * INVALID_ARGUMENT for a URL that is not an absolute http(s) URL; NOT_FOUND for an unknown user
   * or a page that names no feed; FAILED_PRECONDITION when the page cannot be read (the message
   * says why: refused address, HTTP status, timeout). New in 1.4.
   */
  @RpcMethod(id = 13, idempotent = true)
  SubscribeSiteResponse subscribeSite(SubscribeSiteRequest request);

  /**
   * Imports an OPML document through the fetcher (its importOpml: folders from outline groups, a
   * line per outline left out). Idempotent. INVALID_ARGUMENT for a document that is not usable
   * OPML; NOT_FOUND for an unknown user. New in 1.4.
   */
  @RpcMethod(id = 14, idempotent = true)
  ImportOpmlResponse importOpml(ImportOpmlRequest request);

  /** The user's subscriptions as OPML, through the fetcher. Idempotent. New in 1.4. */
  @RpcMethod(id = 15, idempotent = true)
  ExportOpmlResponse exportOpml(ExportOpmlRequest request);

  /**
   * Sets read, starred or liking on entries. Marking an entry read marks the other entries of its
   * duplicate cluster read too (their ids in {@code alsoMarked}); the marks also teach the ranker
   * what the user likes. Idempotent. INVALID_ARGUMENT for more than {@code StoreLimits.MAX_IDS} ids
   * or a liking outside -1..1; NOT_FOUND for an unknown user.
   */
  @RpcMethod(id = 20, idempotent = true)
  SetStatesResponse setEntryStates(SetEntryStatesRequest request);

  /** Marks read up to an entry or a time, as the store's markAllRead. Idempotent. */
  @RpcMethod(id = 21, idempotent = true)
  MarkAllReadResponse markAllRead(MarkAllReadRequest request);

  /**
   * Marks unread the entries the reader marked read at or after {@code readSince} (their copies in
   * other feeds included, which were marked with them), at most {@link
   * RankerMessages#MAX_RECENTLY_READ}, the most recently read first. Idempotent: a second call
   * finds nothing read since. INVALID_ARGUMENT without {@code readSince}; NOT_FOUND for an unknown
   * user. New in 1.6.
   */
  @RpcMethod(id = 22, idempotent = true)
  UnreadRecentlyReadResponse unreadRecentlyRead(UnreadRecentlyReadRequest request);

  /**
   * Creates a filter. Not idempotent: a retry would create a second one. INVALID_ARGUMENT naming
   * the field for an empty or too long pattern, a REGEX that does not compile, a missing field or
   * action, or a scope with both feed and folder; NOT_FOUND for an unknown user.
   */
  @RpcMethod(id = 30)
  FilterResponse createFilter(FilterRequest request);

  /** Replaces a filter by id and user. Idempotent. As createFilter, plus NOT_FOUND: filter. */
  @RpcMethod(id = 31, idempotent = true)
  FilterResponse updateFilter(FilterRequest request);

  /** Deletes a filter; {@code deleted} false if there was none. Idempotent. */
  @RpcMethod(id = 32, idempotent = true)
  DeleteRuleResponse deleteFilter(DeleteRuleRequest request);

  /** The user's filters by id. Idempotent. NOT_FOUND: user. */
  @RpcMethod(id = 33, idempotent = true)
  ListFiltersResponse listFilters(ListRulesRequest request);

  /**
   * Creates a keyword alert, matched against entries as they arrive from then on. Not idempotent: a
   * retry would create a second one. INVALID_ARGUMENT for an empty or too long query or a scope
   * with both feed and folder; NOT_FOUND for an unknown user.
   */
  @RpcMethod(id = 40)
  AlertResponse createAlert(AlertRequest request);

  /** Replaces an alert by id and user. Idempotent. As createAlert, plus NOT_FOUND: alert. */
  @RpcMethod(id = 41, idempotent = true)
  AlertResponse updateAlert(AlertRequest request);

  /** Deletes an alert and its hits; {@code deleted} false if there was none. Idempotent. */
  @RpcMethod(id = 42, idempotent = true)
  DeleteRuleResponse deleteAlert(DeleteRuleRequest request);

  /** The user's alerts by id. Idempotent. NOT_FOUND: user. */
  @RpcMethod(id = 43, idempotent = true)
  ListAlertsResponse listAlerts(ListRulesRequest request);

  /** The user's alert hits, newest first, paged as the store's. Idempotent. NOT_FOUND: user. */
  @RpcMethod(id = 44, idempotent = true)
  ListAlertHitsResponse listAlertHits(ListAlertHitsRequest request);

  /** Acknowledges the user's own hits (others' ids are ignored). Idempotent. NOT_FOUND: user. */
  @RpcMethod(id = 45, idempotent = true)
  AckAlertHitsResponse ackAlertHits(AckAlertHitsRequest request);

  /**
   * A long poll: answers as soon as the user has hits with an id above {@code afterHitId} (oldest
   * first, at most {@link RankerMessages#MAX_RIVER_ITEMS}), or with none after {@code
   * maxWaitSeconds}. This is how a client connected over Inkzee RPC receives alerts as they happen:
   * call again with the highest id seen. The call's deadline must exceed the wait. Idempotent.
   * INVALID_ARGUMENT for a wait outside 0..{@link RankerMessages#MAX_AWAIT_SECONDS}; NOT_FOUND for
   * an unknown user.
   */
  @RpcMethod(id = 46, idempotent = true)
  ListAlertHitsResponse awaitAlertHits(AwaitAlertHitsRequest request);

  /**
   * Likes or dislikes an author, category, title word, feed or URL pattern (an upsert, as the
   * store's setPreference), applied to the river's scores from the next call. Idempotent.
   * INVALID_ARGUMENT naming the field for a bad weight, scope or empty value; NOT_FOUND: user.
   */
  @RpcMethod(id = 50, idempotent = true)
  PreferenceResponse setPreference(PreferenceRequest request);

  /** Deletes a preference; {@code deleted} false if there was none. Idempotent. */
  @RpcMethod(id = 51, idempotent = true)
  DeleteRuleResponse deletePreference(DeleteRuleRequest request);

  /** The user's preferences by id. Idempotent. NOT_FOUND: user. */
  @RpcMethod(id = 52, idempotent = true)
  ListPreferencesResponse listPreferences(ListRulesRequest request);

  /** The store's createAccount, forwarded. Not idempotent. New in 1.4. */
  @RpcMethod(id = 60)
  UserResponse createAccount(CreateAccountRequest request);

  /** The store's getCredential, forwarded. Idempotent. New in 1.4. */
  @RpcMethod(id = 61, idempotent = true)
  CredentialResponse getCredential(CredentialRequest request);

  /** The store's setPassword, forwarded. Idempotent. New in 1.4. */
  @RpcMethod(id = 62, idempotent = true)
  SetPasswordResponse setPassword(SetPasswordRequest request);

  /** The store's createSession, forwarded. Idempotent. New in 1.4. */
  @RpcMethod(id = 63, idempotent = true)
  SessionResponse createSession(CreateSessionRequest request);

  /** The store's getSession, forwarded. Idempotent. New in 1.4. */
  @RpcMethod(id = 64, idempotent = true)
  SessionResponse getSession(SessionRequest request);

  /** The store's endSession, forwarded. Idempotent. New in 1.4. */
  @RpcMethod(id = 65, idempotent = true)
  EndSessionResponse endSession(EndSessionRequest request);

  /** The store's createAppPassword, forwarded. Not idempotent. New in 1.5. */
  @RpcMethod(id = 70)
  AppPasswordResponse createAppPassword(CreateAppPasswordRequest request);

  /** The store's listAppPasswords, forwarded. Idempotent. New in 1.5. */
  @RpcMethod(id = 71, idempotent = true)
  ListAppPasswordsResponse listAppPasswords(ListAppPasswordsRequest request);

  /** The store's updateAppPassword, forwarded. Idempotent. New in 1.5. */
  @RpcMethod(id = 72, idempotent = true)
  AppPasswordResponse updateAppPassword(UpdateAppPasswordRequest request);

  /** The store's revokeAppPassword, forwarded. Idempotent. New in 1.5. */
  @RpcMethod(id = 73, idempotent = true)
  RevokeAppPasswordResponse revokeAppPassword(RevokeAppPasswordRequest request);

  /** The store's findAppPassword, forwarded. Idempotent. New in 1.5. */
  @RpcMethod(id = 74, idempotent = true)
  FindAppPasswordResponse findAppPassword(FindAppPasswordRequest request);

  /**
   * The store's userEntries (what reading apps list, by id with marks), forwarded. Marks set
   * through {@link #setEntryStates} reach the whole duplicate cluster, so they show here for every
   * entry of it. Idempotent. New in 1.5.
   */
  @RpcMethod(id = 75, idempotent = true)
  UserEntriesResponse userEntries(UserEntriesRequest request);

  /** The store's unreadCounts, forwarded. Idempotent. New in 1.5. */
  @RpcMethod(id = 76, idempotent = true)
  UnreadCountsResponse unreadCounts(UnreadCountsRequest request);

  /** The store's upgradePasswordHash, forwarded. Idempotent. New in 1.9. */
  @RpcMethod(id = 77, idempotent = true)
  UpgradePasswordHashResponse upgradePasswordHash(UpgradePasswordHashRequest request);
}
