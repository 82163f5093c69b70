package com.inkzee.ranker.store;

import com.inkzee.ranker.alert.AlertRule;
import com.inkzee.ranker.filter.FilterRule;
import com.inkzee.ranker.score.PreferenceRule;
import com.inkzee.rpc.api.store.FilterMatch;
import com.inkzee.rpc.api.store.RuleMessages.Alert;
import com.inkzee.rpc.api.store.RuleMessages.Filter;
import com.inkzee.rpc.api.store.RuleMessages.Preference;

/** The store's rule records as the ranker's engines take them: one place knows both shapes. */
public final class RuleMapping {
  private RuleMapping() {}

  public static FilterRule filter(Filter f) {
    return new FilterRule(
        f.id(),
        FilterRule.Field.valueOf(f.field().name()),
        FilterRule.Match.valueOf((f.match() == null ? FilterMatch.KEYWORD : f.match()).name()),
        f.pattern(),
        FilterRule.Action.valueOf(f.action().name()),
        f.feedId(),
        f.folder());
  }

  public static PreferenceRule preference(Preference p) {
    return new PreferenceRule(
        PreferenceRule.Kind.valueOf(p.kind().name()),
        p.value(),
        p.weight(),
        p.feedId(),
        p.folder());
  }

  public static AlertRule alert(Alert a) {
    return new AlertRule(a.id(), a.userId(), a.query(), a.feedId(), a.folder());
  }
}
