package com.inkzee.rpc.api.store;

import com.inkzee.rpc.serial.Field;
import java.time.Instant;
import java.util.List;

/**
 * A user's rules: filters (hide, mark read, star matching entries) and keyword alerts with their
 * hits. The store keeps them; the ranker applies them.
 */
public final class RuleMessages {
  private RuleMessages() {}

  /** {@code feedId} null: applies to every feed of the user. */
  public record Filter(
      @Field(1) long id,
      @Field(2) long userId,
      @Field(3) String name,
      @Field(4) Long feedId,
      @Field(5) FilterField field,
      @Field(6) String pattern,
      @Field(7) FilterAction action,
      @Field(8) boolean enabled) {}

  /** Create (the id is ignored) or update (by id and user) a filter. */
  public record FilterRequest(@Field(1) Filter filter) {}

  public record FilterResponse(@Field(1) Filter filter) {}

  public record ListFiltersResponse(@Field(1) List<Filter> filters) {}

  /** A keyword alert; {@code query} uses the search syntax. */
  public record Alert(
      @Field(1) long id,
      @Field(2) long userId,
      @Field(3) String name,
      @Field(4) String query,
      @Field(5) Long feedId,
      @Field(6) boolean enabled) {}

  /** Create (the id is ignored) or update (by id and user) an alert. */
  public record AlertRequest(@Field(1) Alert alert) {}

  public record AlertResponse(@Field(1) Alert alert) {}

  public record ListAlertsResponse(@Field(1) List<Alert> alerts) {}

  /** Deletes the user's rule {@code id} (a filter or an alert, by method). */
  public record DeleteRuleRequest(@Field(1) long userId, @Field(2) long id) {}

  public record DeleteRuleResponse(@Field(1) boolean deleted) {}

  public record ListRulesRequest(@Field(1) long userId) {}

  /** An alert raised by an entry; {@code id} orders hits (newest has the highest). */
  public record AlertHit(
      @Field(1) long id, @Field(2) long alertId, @Field(3) long entryId, @Field(4) Instant hitAt) {}

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
}
