package com.inkzee.cli.commands;

import com.inkzee.cli.CliContext;
import com.inkzee.cli.CliFailure;
import com.inkzee.cli.ExitCodes;
import com.inkzee.cli.output.Json;
import com.inkzee.cli.output.Views.UserView;
import com.inkzee.cli.users.UserDirectory;
import com.inkzee.cli.users.UserDirectory.ResolvedUser;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ExportOpmlRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.OpmlExportRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.OpmlExportResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code export-opml}: the reader's subscriptions as an OPML 2.0 document, written by the fetcher
 * (which owns OPML); with {@code --json}, the same outlines as data, read from the store.
 */
@Command(
    name = "export-opml",
    mixinStandardHelpOptions = true,
    description = {
      "Print a reader's subscriptions as an OPML 2.0 document (folders as outline groups).",
      "The fetcher writes the document; --json prints the outlines as data from the store"
          + " (the fetcher is not needed then)."
    })
public final class ExportOpmlCommand extends CliCommand {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "write the document to FILE instead of stdout")
  Path output;

  @Mixin UserOption user;
  @Mixin JsonOption json;

  public ExportOpmlCommand(CliContext context) {
    super(context);
  }

  /** The {@code --json} document. */
  public record ExportView(UserView user, List<OutlineView> outlines) {}

  /** One feed of the export; {@code folder} is null outside any folder. */
  public record OutlineView(String folder, String title, String feedUrl, String siteUrl) {}

  @Override
  public Integer call() {
    ResolvedUser reader = new UserDirectory(services().store()).find(user.nameOr(context));
    String document;
    if (json.json) {
      OpmlExportResponse data = services().store().exportOpml(new OpmlExportRequest(reader.id()));
      ExportView view =
          new ExportView(
              UserView.of(reader),
              data.outlines().stream()
                  .map(o -> new OutlineView(o.folder(), o.title(), o.feedUrl(), o.siteUrl()))
                  .toList());
      if (output == null) {
        Json.print(out(), view);
        return ExitCodes.OK;
      }
      StringWriter text = new StringWriter();
      Json.print(new PrintWriter(text), view);
      document = text.toString();
    } else {
      document =
          services()
              .fetcher(Duration.ofSeconds(30))
              .exportOpml(new ExportOpmlRequest(reader.id()))
              .opml();
    }
    if (output == null) {
      out().print(document);
      if (!document.endsWith("\n")) {
        out().println();
      }
      out().flush();
      return ExitCodes.OK;
    }
    try {
      Files.writeString(output, document, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CliFailure.usage("cannot write " + output + ": " + e.getMessage());
    }
    err().println("Wrote the subscriptions of " + reader.name() + " to " + output + ".");
    err().flush();
    return ExitCodes.OK;
  }
}
