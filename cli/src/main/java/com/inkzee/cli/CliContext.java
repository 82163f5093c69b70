package com.inkzee.cli;

import com.inkzee.cli.connect.Connections;
import com.inkzee.cli.connect.ServiceAddresses;
import com.inkzee.rpc.config.Env;
import java.time.Clock;
import java.util.Map;

/**
 * What every subcommand shares: the environment (service addresses, token, default user), the
 * connections (opened on first use, closed when the command ends), the clock, and whether output
 * goes to a terminal (progress bars only there). Tests build one over their own environment.
 */
public final class CliContext implements AutoCloseable {
  /** The user name when neither {@code --user}, {@code INKZEE_USER} nor {@code USER} is set. */
  public static final String FALLBACK_USER = "demo";

  private final Map<String, String> variables;
  private final Clock clock;
  private final boolean terminal;
  private Connections connections;

  public CliContext(Map<String, String> variables, Clock clock, boolean terminal) {
    this.variables = Map.copyOf(variables);
    this.clock = clock;
    this.terminal = terminal;
  }

  /** The process's own environment; a terminal when a console is attached. */
  public static CliContext system() {
    return new CliContext(System.getenv(), Clock.systemUTC(), System.console() != null);
  }

  /** A variable's value, or null when unset or blank. */
  public String variable(String name) {
    String v = variables.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  /**
   * The user a command acts for when no {@code --user} is given: {@code INKZEE_USER}, else the
   * login name ({@code USER}), else {@value #FALLBACK_USER}.
   */
  public String defaultUser() {
    String name = variable("INKZEE_USER");
    if (name == null) {
      name = variable("USER");
    }
    return name == null ? FALLBACK_USER : name;
  }

  public Clock clock() {
    return clock;
  }

  public boolean terminal() {
    return terminal;
  }

  /** The services, reached at the addresses of the environment (a bad address: exit 2). */
  public synchronized Connections connections() {
    if (connections == null) {
      try {
        connections = new Connections(ServiceAddresses.fromEnv(new Env(variables)));
      } catch (IllegalArgumentException e) {
        throw CliFailure.usage(e.getMessage());
      }
    }
    return connections;
  }

  @Override
  public synchronized void close() {
    if (connections != null) {
      connections.close();
      connections = null;
    }
  }
}
