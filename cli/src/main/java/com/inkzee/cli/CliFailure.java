package com.inkzee.cli;

/**
 * An expected way for a command to fail, with the message the operator reads and the exit code
 * scripts read ({@link ExitCodes}): an unknown user, an unreadable file, a feed not found.
 */
public final class CliFailure extends RuntimeException {
  private final int exitCode;

  public CliFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public static CliFailure usage(String message) {
    return new CliFailure(ExitCodes.USAGE, message);
  }

  public static CliFailure failed(String message) {
    return new CliFailure(ExitCodes.FAILED, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
