package com.inkzee.ranker.alert;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The current set of all users' alerts and the {@link AlertMatcher} compiled from it. A change
 * rebuilds the matcher off to the side and publishes it with one volatile write, so a match in
 * progress finishes on the matcher it started with and never sees half a rule set.
 */
public final class AlertRegistry {
  private final Map<Long, AlertRule> rules = new HashMap<>();
  private volatile AlertMatcher matcher = AlertMatcher.empty();

  /** The matcher for the rules as of the last change. */
  public AlertMatcher matcher() {
    return matcher;
  }

  /** Replaces every rule (at start, from the store). */
  public synchronized AlertMatcher replaceAll(Collection<AlertRule> all) {
    rules.clear();
    for (AlertRule r : all) {
      rules.put(r.alertId(), r);
    }
    return rebuild();
  }

  /** Adds or updates one alert. */
  public synchronized AlertMatcher put(AlertRule rule) {
    rules.put(rule.alertId(), rule);
    return rebuild();
  }

  /** Removes one alert; a no-op if it is not there. */
  public synchronized AlertMatcher remove(long alertId) {
    return rules.remove(alertId) == null ? matcher : rebuild();
  }

  private AlertMatcher rebuild() {
    AlertMatcher built = AlertMatcher.build(rules.values());
    matcher = built;
    return built;
  }
}
