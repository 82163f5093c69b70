package com.inkzee.cli.testing;

import com.inkzee.cli.CliContext;
import com.inkzee.cli.InkzeeCli;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/**
 * One in-process run of the command line, as {@code ./inkzee} would run it, over a given
 * environment: its exit code and what it printed on out and err.
 */
public record CliRun(int code, String out, String err) {

  public static CliRun run(Map<String, String> env, String... args) {
    return run(env, false, args);
  }

  /** As {@link #run(Map, String...)}, on a terminal when {@code terminal} (progress bars). */
  public static CliRun run(Map<String, String> env, boolean terminal, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (CliContext context = new CliContext(env, Clock.systemUTC(), terminal)) {
      CommandLine cl = InkzeeCli.commandLine(context, out, err);
      int code = cl.execute(args);
      return new CliRun(code, out.toString(), err.toString());
    }
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
  }
}
