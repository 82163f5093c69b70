package com.inkzee.cli.commands;

import com.inkzee.cli.CliContext;
import com.inkzee.cli.ExitCodes;
import com.inkzee.cli.output.Json;
import com.inkzee.cli.output.RiverText;
import com.inkzee.cli.output.Views.ItemView;
import com.inkzee.cli.output.Views.UserView;
import com.inkzee.cli.users.UserDirectory;
import com.inkzee.cli.users.UserDirectory.ResolvedUser;
import com.inkzee.rpc.api.ranker.RankerMessages.DigestItem;
import com.inkzee.rpc.api.ranker.RankerMessages.DigestRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.DigestResponse;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code digest --minutes N}: the best unread entries that fit in N minutes of reading. */
@Command(
    name = "digest",
    mixinStandardHelpOptions = true,
    description =
        "Print the best unread entries of a reader that fit in the given minutes of reading,"
            + " one per story, each with a short summary and its reading time.")
public final class DigestCommand extends CliCommand {
  /** The ranker's bound on a digest's budget: a day. */
  static final int MAX_MINUTES = 1440;

  @Option(
      names = {"-m", "--minutes"},
      paramLabel = "N",
      required = true,
      description = "minutes of reading, 1..1440")
  int minutes;

  @Mixin UserOption user;
  @Mixin JsonOption json;

  public DigestCommand(CliContext context) {
    super(context);
  }

  /**
   * The {@code --json} document: the items in reading order with their digest summary and reading
   * time; {@code totalSeconds} of {@code budgetSeconds}; {@code asOf} the time it was computed.
   */
  public record DigestView(
      UserView user,
      int minutes,
      int budgetSeconds,
      int totalSeconds,
      String asOf,
      List<DigestItemView> items) {}

  /** One item of a digest. */
  public record DigestItemView(ItemView item, String summary, int readingSeconds) {}

  @Override
  public Integer call() {
    if (minutes < 1 || minutes > MAX_MINUTES) {
      throw new ParameterException(
          spec.commandLine(), "--minutes " + minutes + " is outside 1.." + MAX_MINUTES);
    }
    ResolvedUser reader = new UserDirectory(services().store()).find(user.nameOr(context));
    DigestResponse d =
        services()
            .ranker(Duration.ofSeconds(30))
            .digest(new DigestRequest(reader.id(), minutes, null));
    if (json.json) {
      Json.print(
          out(),
          new DigestView(
              UserView.of(reader),
              minutes,
              d.budgetSeconds(),
              d.totalSeconds(),
              Json.time(d.asOf()),
              d.items().stream()
                  .map(
                      i ->
                          new DigestItemView(
                              ItemView.of(i.item()), i.summary(), i.readingSeconds()))
                  .toList()));
      return ExitCodes.OK;
    }
    PrintWriter out = out();
    out.println(
        "Digest of "
            + reader.name()
            + ": "
            + d.items().size()
            + (d.items().size() == 1 ? " item, " : " items, ")
            + RiverText.minutes(d.totalSeconds())
            + " of reading for a budget of "
            + minutes
            + " min");
    if (d.items().isEmpty()) {
      out.println("Nothing unread fits: subscribe to feeds, or wait for the fetcher to read them.");
    }
    int rank = 1;
    for (DigestItem i : d.items()) {
      RiverText.item(out, rank++, i.item(), i.summary());
    }
    out.flush();
    return ExitCodes.OK;
  }
}
