package com.inkzee.cli.commands;

import picocli.CommandLine.Option;

/** {@code --json}: one JSON document on stdout instead of text, its shape in docs/CLI.md. */
final class JsonOption {
  @Option(
      names = "--json",
      description = "print one JSON document (its shape is in docs/CLI.md) instead of text")
  boolean json;
}
