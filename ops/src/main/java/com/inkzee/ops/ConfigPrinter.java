package com.inkzee.ops;

import com.inkzee.rpc.config.Env;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one place a service's effective configuration becomes text: one {@code config NAME=value}
 * line per variable it read, secrets masked by {@link com.inkzee.rpc.config.ConfigMask} (through
 * {@link Env#effective()}), then a warning for each {@code INKZEE_*} variable that is set but that
 * this service never read (a typo, or a variable meant for another service).
 */
public final class ConfigPrinter {
  private ConfigPrinter() {}

  /** The lines to log, in name order. */
  public static List<String> lines(String service, Env env) {
    return lines(service, env, true);
  }

  private static List<String> lines(String service, Env env, boolean warnUnused) {
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, String> e : env.effective().entrySet()) {
      lines.add("config " + e.getKey() + "=" + e.getValue());
    }
    if (warnUnused) {
      for (String name : env.unused()) {
        lines.add("config " + name + " is set but not used by " + service);
      }
    }
    return lines;
  }

  /** Logs {@link #lines} at INFO (unused variables at WARN). */
  public static void print(String service, Env env, org.slf4j.Logger log) {
    print(service, env, log, true);
  }

  /**
   * Logs what a service that failed to start had read: no "not used" warnings, since the variables
   * it would have read after the failure are unread only because it stopped, and warning about them
   * sends the operator after the wrong thing.
   */
  public static void printReadSoFar(String service, Env env, org.slf4j.Logger log) {
    print(service, env, log, false);
  }

  private static void print(String service, Env env, org.slf4j.Logger log, boolean warnUnused) {
    for (String line : lines(service, env, warnUnused)) {
      if (line.endsWith("not used by " + service)) {
        log.warn("{}", line);
      } else {
        log.info("{}", line);
      }
    }
  }
}
