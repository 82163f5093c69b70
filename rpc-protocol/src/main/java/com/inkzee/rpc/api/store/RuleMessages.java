package com.inkzee.rpc.api.store;

import com.inkzee.rpc.serial.Field;
import java.time.Instant;
import java.util.List;

/**
 * A user's rules: filters (hide, mark read, star matching entries, or keep only them), keyword
 * alerts with their hits, and preferences (the trainer's likes and dislikes, new in 1.3). The store
 * keeps them; the ranker applies them.
 *
 * <p>Scope, for filters, alerts and preferences alike: {@code feedId} (that feed), {@code folder}
 * (the user's feeds in that folder, by name as in their subscriptions), or neither (every feed of
 * the user); never both (INVALID_ARGUMENT).
 */
public final class RuleMessages {
  private RuleMessages() {}

  /**
   * A filter: entries in its scope whose {@code field} matches {@code pattern} are hidden, marked
   * read, starred, or (KEEP) are the only ones shown in that scope. New in 1.3: {@code folder}
   * (scope; null with a null {@code feedId}: every feed of the user) and {@code match} (how the
   * pattern is matched; null, as on older filters, means KEYWORD).
   */
  public record Filter(
      @Field(1) long id,
      @Field(2) long userId,
      @Field(3) String name,
      @Field(4) Long feedId,
      @Field(5) FilterField field,
      @Field(6) String pattern,
      @Field(7) FilterAction action,
      @Field(8) boolean enabled,
      @Field(9) String folder,
      @Field(10) FilterMatch match) {}

  /** Create (the id is ignored) or update (by id and user) a filter. */
  public record FilterRequest(@Field(1) Filter filter) {}

  public record FilterResponse(@Field(1) Filter filter) {}

  public record ListFiltersResponse(@Field(1) List<Filter> filters) {}

  /**
   * A keyword alert; {@code query} uses the search syntax. {@code folder} (new in 1.3) scopes it
   * like a filter.
   */
  public record Alert(
      @Field(1) long id,
      @Field(2) long userId,
      @Field(3) String name,
      @Field(4) String query,
      @Field(5) Long feedId,
      @Field(6) boolean enabled,
      @Field(7) String folder) {}

  /** Create (the id is ignored) or update (by id and user) an alert. */
  public record AlertRequest(@Field(1) Alert alert) {}

  public record AlertResponse(@Field(1) Alert alert) {}

  public record ListAlertsResponse(@Field(1) List<Alert> alerts) {}

  /**
   * Every enabled alert of every user with an id above {@code afterId}, by id, {@code limit} at a
   * time (the ranker builds one matcher over all of them when it starts). New in 1.3.
   */
  public record AllAlertsRequest(@Field(1) long afterId, @Field(2) int limit) {}

  /** Deletes the user's rule {@code id} (a filter or an alert, by method). */
  public record DeleteRuleRequest(@Field(1) long userId, @Field(2) long id) {}

  public record DeleteRuleResponse(@Field(1) boolean deleted) {}

  public record ListRulesRequest(@Field(1) long userId) {}

  /**
   * An alert raised by an entry; {@code id} orders hits (newest has the highest). {@code
   * acknowledgedAt} (new in 1.3): when the user acknowledged it, null if not yet.
   */
  public record AlertHit(
      @Field(1) long id,
      @Field(2) long alertId,
      @Field(3) long entryId,
      @Field(4) Instant hitAt,
      @Field(5) Instant acknowledgedAt) {}

  /** Records hits (the id of each is ignored); a hit already recorded is not recorded again. */
  public record RecordAlertHitsRequest(@Field(1) List<AlertHit> hits) {}

  public record RecordAlertHitsResponse(@Field(1) int recorded) {}

  /**
   * The user's hits, newest first, of one alert or (null) all, below hit id {@code beforeId} (0:
   * from the newest).
   */
  public record ListAlertHitsRequest(
      @Field(1) long userId,
      @Field(2) Long alertId,
      @Field(3) long beforeId,
      @Field(4) int limit) {}

  public record ListAlertHitsResponse(@Field(1) List<AlertHit> hits) {}

  /**
   * Acknowledges the user's hits {@code hitIds} (ids of other users' hits and unknown ids are
   * ignored). New in 1.3; shared by the store and the ranker.
   */
  public record AckAlertHitsRequest(@Field(1) long userId, @Field(2) List<Long> hitIds) {}

  /** {@code acknowledged}: hits that were not acknowledged before this call. */
  public record AckAlertHitsResponse(@Field(1) int acknowledged) {}

  /**
   * A preference (new in 1.3): the user likes ({@code weight} 1..3) or dislikes (-1..-3) entries
   * whose {@code kind} matches {@code value} within the scope ({@code feedId}, {@code folder}, or
   * neither: everywhere). The ranker adds the weights of the matching preferences to its score.
   */
  public record Preference(
      @Field(1) long id,
      @Field(2) long userId,
      @Field(3) PreferenceKind kind,
      @Field(4) String value,
      @Field(5) int weight,
      @Field(6) Long feedId,
      @Field(7) String folder) {}

  /**
   * Sets a preference: an upsert by user, kind, normalised value (trimmed, lower case; for FEED the
   * feed id) and scope, so the same like said twice is one preference with the latest weight; the
   * id in the request is ignored.
   */
  public record PreferenceRequest(@Field(1) Preference preference) {}

  /** The preference as stored, with its id and normalised value. */
  public record PreferenceResponse(@Field(1) Preference preference) {}

  /** The user's preferences by id. */
  public record ListPreferencesResponse(@Field(1) List<Preference> preferences) {}
}
