package com.inkzee.cli.commands;

import com.inkzee.cli.CliContext;
import com.inkzee.cli.connect.Connections;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand: runs with the shared {@link CliContext}, prints to the command line's out (data,
 * text or JSON) and err (messages), and returns an exit code of {@link com.inkzee.cli.ExitCodes}.
 */
abstract class CliCommand implements Callable<Integer> {
  protected final CliContext context;

  @Spec protected CommandSpec spec;

  protected CliCommand(CliContext context) {
    this.context = context;
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  protected Connections services() {
    return context.connections();
  }
}
