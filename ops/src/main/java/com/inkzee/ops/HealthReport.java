package com.inkzee.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code /healthz} answers: whether the service is ready for traffic and, if not, why: it is
 * still starting, it is draining for shutdown, or a named check failed.
 *
 * @param service the service's name ("store")
 * @param phase where the process is in its life
 * @param checks each check's answer, by name, in registration order
 */
public record HealthReport(String service, HealthChecks.Phase phase, Map<String, Health> checks) {
  public HealthReport {
    checks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(checks));
  }

  /** Ready: started, not draining, and every check up. HTTP 200, else 503. */
  public boolean healthy() {
    return phase == HealthChecks.Phase.READY && failing().isEmpty();
  }

  /** The names of the checks that are down. */
  public List<String> failing() {
    List<String> names = new ArrayList<>();
    checks.forEach(
        (name, h) -> {
          if (!h.up()) {
            names.add(name);
          }
        });
    return names;
  }

  /** Why the service is not ready, or null when it is. */
  public String reason() {
    if (phase == HealthChecks.Phase.DRAINING) {
      return "draining";
    }
    if (phase == HealthChecks.Phase.STARTING) {
      return "starting";
    }
    List<String> failing = failing();
    return failing.isEmpty() ? null : "check failed: " + String.join(", ", failing);
  }

  /**
   * The JSON body of {@code /healthz}:
   *
   * <pre>{@code
   * {"service":"store","status":"DOWN","phase":"ready","reason":"check failed: database",
   *  "checks":{"database":{"status":"DOWN","detail":"connection refused"}}}
   * }</pre>
   */
  public String toJson() {
    StringBuilder json = new StringBuilder(128);
    json.append("{\"service\":").append(JsonText.quote(service));
    json.append(",\"status\":").append(healthy() ? "\"UP\"" : "\"DOWN\"");
    json.append(",\"phase\":").append(JsonText.quote(phase.label()));
    String reason = reason();
    if (reason != null) {
      json.append(",\"reason\":").append(JsonText.quote(reason));
    }
    json.append(",\"checks\":{");
    boolean first = true;
    for (Map.Entry<String, Health> e : checks.entrySet()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      json.append(JsonText.quote(e.getKey()))
          .append(":{\"status\":")
          .append(e.getValue().up() ? "\"UP\"" : "\"DOWN\"")
          .append(",\"detail\":")
          .append(JsonText.quote(e.getValue().detail()))
          .append('}');
    }
    return json.append("}}").toString();
  }
}
