package com.inkzee.cli.commands;

import com.inkzee.cli.CliContext;
import com.inkzee.cli.ExitCodes;
import com.inkzee.cli.output.Json;
import com.inkzee.cli.output.RiverText;
import com.inkzee.cli.output.Views.ItemView;
import com.inkzee.cli.output.Views.UserView;
import com.inkzee.cli.users.UserDirectory;
import com.inkzee.cli.users.UserDirectory.ResolvedUser;
import com.inkzee.rpc.api.ranker.RankerMessages;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverResponse;
import com.inkzee.rpc.api.ranker.RiverOrder;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code river}: a page of the reader's river from the ranker, as the reader page shows it. */
@Command(
    name = "river",
    mixinStandardHelpOptions = true,
    description = {
      "Print a page of a reader's river: unread entries, best first, duplicates collapsed"
          + " (\"also in N feeds\"), each with why it scored as it did.",
      "Continue with --cursor and the cursor the page ends with."
    })
public final class RiverCommand extends CliCommand {
  @Option(
      names = {"-n", "--limit"},
      paramLabel = "N",
      defaultValue = "20",
      description = "items on the page, 1..1000 (default ${DEFAULT-VALUE})")
  int limit;

  @Option(
      names = "--order",
      paramLabel = "ORDER",
      defaultValue = "ranked",
      description = "ranked, newest or oldest (default ${DEFAULT-VALUE})")
  String order;

  @Option(names = "--all", description = "include entries already read")
  boolean includeRead;

  @Option(names = "--feed", paramLabel = "ID", description = "only this feed (by feed id)")
  Long feedId;

  @Option(names = "--folder", paramLabel = "NAME", description = "only this folder")
  String folder;

  @Option(names = "--cursor", paramLabel = "CURSOR", description = "the page after this cursor")
  String cursor;

  @Mixin UserOption user;
  @Mixin JsonOption json;

  public RiverCommand(CliContext context) {
    super(context);
  }

  /** The {@code --json} document; {@code nextCursor} is null on the last page. */
  public record RiverView(UserView user, String order, List<ItemView> items, String nextCursor) {}

  @Override
  public Integer call() {
    RiverOrder riverOrder = parseOrder(spec, order);
    if (limit < 1 || limit > RankerMessages.MAX_RIVER_ITEMS) {
      throw new ParameterException(
          spec.commandLine(),
          "--limit " + limit + " is outside 1.." + RankerMessages.MAX_RIVER_ITEMS);
    }
    if (feedId != null && folder != null) {
      throw new ParameterException(spec.commandLine(), "give --feed or --folder, not both");
    }
    ResolvedUser reader = new UserDirectory(services().store()).find(user.nameOr(context));
    RiverResponse page =
        services()
            .ranker(Duration.ofSeconds(30))
            .river(
                new RiverRequest(
                    reader.id(), riverOrder, includeRead, feedId, folder, cursor, limit));
    if (json.json) {
      Json.print(
          out(),
          new RiverView(
              UserView.of(reader),
              riverOrder.name().toLowerCase(Locale.ROOT),
              page.items().stream().map(ItemView::of).toList(),
              page.nextCursor()));
      return ExitCodes.OK;
    }
    PrintWriter out = out();
    out.println(
        "River of "
            + reader.name()
            + " ("
            + riverOrder.name().toLowerCase(Locale.ROOT)
            + (includeRead ? ", read and unread" : ", unread")
            + "): "
            + page.items().size()
            + (page.items().size() == 1 ? " item" : " items"));
    if (page.items().isEmpty()) {
      out.println(
          "Nothing to read. New feeds fill in once the fetcher has read them;"
              + " `inkzee status` shows feeds that fail.");
    }
    for (int i = 0; i < page.items().size(); i++) {
      RiverText.item(out, i + 1, page.items().get(i), null);
    }
    if (page.nextCursor() != null) {
      out.println("More: ./inkzee river " + nextPageArguments(reader.name(), page.nextCursor()));
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** The options that give the next page: this page's, with the new cursor. */
  private String nextPageArguments(String userName, String nextCursor) {
    StringBuilder args = new StringBuilder("--user ").append(quoted(userName));
    args.append(" --limit ").append(limit);
    if (!order.equalsIgnoreCase("ranked")) {
      args.append(" --order ").append(order.toLowerCase(Locale.ROOT));
    }
    if (includeRead) {
      args.append(" --all");
    }
    if (feedId != null) {
      args.append(" --feed ").append(feedId);
    }
    if (folder != null) {
      args.append(" --folder ").append(quoted(folder));
    }
    return args.append(" --cursor ").append(nextCursor).toString();
  }

  /** A shell word: as it is when safe, else in single quotes. */
  private static String quoted(String word) {
    return word.matches("[A-Za-z0-9._@%+=:,/-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }

  static RiverOrder parseOrder(CommandSpec spec, String text) {
    try {
      return RiverOrder.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--order '" + text + "' is not one of ranked, newest, oldest");
    }
  }
}
