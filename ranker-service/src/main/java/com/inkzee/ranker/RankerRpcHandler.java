package com.inkzee.ranker;

import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.api.ranker.RankerMessages.AwaitAlertHitsRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.DigestRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.DigestResponse;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverResponse;
import com.inkzee.rpc.api.ranker.RankerMessages.SetStatesResponse;
import com.inkzee.rpc.api.ranker.RankerService;
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
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.status.RpcException;
import java.time.Instant;

/**
 * The ranker's Inkzee RPC face: the reader-facing API (rivers and digests arrive with the
 * ranker-service issue).
 *
 * <p>TEMPORARY: the catalogue 1.3 methods below are placeholders answering UNIMPLEMENTED "not yet
 * wired" until the ranker implements them (a handler must implement its whole interface to be
 * bound; callers are told to expect UNIMPLEMENTED, docs/PROTOCOL.md 13.4). Replace, don't extend.
 */
final class RankerRpcHandler implements RankerService {
  @Override
  public PingResponse ping(PingRequest request) {
    return new PingResponse(
        "ranker", InkzeeCatalogue.get().version(), Instant.now(), request.echo(), true);
  }

  @Override
  public RiverResponse river(RiverRequest request) {
    throw notYetWired("river");
  }

  @Override
  public DigestResponse digest(DigestRequest request) {
    throw notYetWired("digest");
  }

  @Override
  public SubscribeResponse subscribe(SubscribeRequest request) {
    throw notYetWired("subscribe");
  }

  @Override
  public UnsubscribeResponse unsubscribe(UnsubscribeRequest request) {
    throw notYetWired("unsubscribe");
  }

  @Override
  public ListSubscriptionsResponse listSubscriptions(ListSubscriptionsRequest request) {
    throw notYetWired("listSubscriptions");
  }

  @Override
  public SetStatesResponse setEntryStates(SetEntryStatesRequest request) {
    throw notYetWired("setEntryStates");
  }

  @Override
  public MarkAllReadResponse markAllRead(MarkAllReadRequest request) {
    throw notYetWired("markAllRead");
  }

  @Override
  public FilterResponse createFilter(FilterRequest request) {
    throw notYetWired("createFilter");
  }

  @Override
  public FilterResponse updateFilter(FilterRequest request) {
    throw notYetWired("updateFilter");
  }

  @Override
  public DeleteRuleResponse deleteFilter(DeleteRuleRequest request) {
    throw notYetWired("deleteFilter");
  }

  @Override
  public ListFiltersResponse listFilters(ListRulesRequest request) {
    throw notYetWired("listFilters");
  }

  @Override
  public AlertResponse createAlert(AlertRequest request) {
    throw notYetWired("createAlert");
  }

  @Override
  public AlertResponse updateAlert(AlertRequest request) {
    throw notYetWired("updateAlert");
  }

  @Override
  public DeleteRuleResponse deleteAlert(DeleteRuleRequest request) {
    throw notYetWired("deleteAlert");
  }

  @Override
  public ListAlertsResponse listAlerts(ListRulesRequest request) {
    throw notYetWired("listAlerts");
  }

  @Override
  public ListAlertHitsResponse listAlertHits(ListAlertHitsRequest request) {
    throw notYetWired("listAlertHits");
  }

  @Override
  public AckAlertHitsResponse ackAlertHits(AckAlertHitsRequest request) {
    throw notYetWired("ackAlertHits");
  }

  @Override
  public ListAlertHitsResponse awaitAlertHits(AwaitAlertHitsRequest request) {
    throw notYetWired("awaitAlertHits");
  }

  @Override
  public PreferenceResponse setPreference(PreferenceRequest request) {
    throw notYetWired("setPreference");
  }

  @Override
  public DeleteRuleResponse deletePreference(DeleteRuleRequest request) {
    throw notYetWired("deletePreference");
  }

  @Override
  public ListPreferencesResponse listPreferences(ListRulesRequest request) {
    throw notYetWired("listPreferences");
  }

  private static RpcException notYetWired(String method) {
    return RpcException.unimplemented(method + " is not yet wired in this ranker");
  }
}
