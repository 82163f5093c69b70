package com.inkzee.cli;

/**
 * The command line's exit codes, the same for every subcommand so that scripts can branch on them
 * (docs/CLI.md lists them). picocli's own usage errors already exit 2, which {@link #USAGE} keeps.
 */
public final class ExitCodes {
  /** Done as asked. */
  public static final int OK = 0;

  /** A service answered with an error (an unknown user, a feed not found, an internal error). */
  public static final int FAILED = 1;

  /**
   * Bad arguments: an unknown option, a value out of range, an unreadable or invalid file, or an
   * argument a service refused as invalid (INVALID_ARGUMENT).
   */
  public static final int USAGE = 2;

  /** A service the command needs is not running or not reachable (or answered UNAVAILABLE). */
  public static final int SERVICE_DOWN = 3;

  /** A service refused this client: a wrong INKZEE_AUTH_TOKEN, or an incompatible protocol. */
  public static final int REFUSED = 4;

  /** Done in part: some of the work failed and the output says which and why (import-opml). */
  public static final int PARTIAL = 5;

  private ExitCodes() {}
}
