package com.inkzee.cli.commands;

import com.inkzee.cli.CliContext;
import picocli.CommandLine.Option;

/** {@code --user NAME}: the reader a command acts for. */
final class UserOption {
  @Option(
      names = {"-u", "--user"},
      paramLabel = "NAME",
      description = "the reader, by name (default: INKZEE_USER, else USER, else 'demo')")
  String name;

  String nameOr(CliContext context) {
    return name != null ? name : context.defaultUser();
  }
}
