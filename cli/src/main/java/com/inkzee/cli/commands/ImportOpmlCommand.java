package com.inkzee.cli.commands;

import com.inkzee.cli.CliContext;
import com.inkzee.cli.CliFailure;
import com.inkzee.cli.ExitCodes;
import com.inkzee.cli.output.Json;
import com.inkzee.cli.output.ProgressBar;
import com.inkzee.cli.output.Views.UserView;
import com.inkzee.cli.users.UserDirectory;
import com.inkzee.cli.users.UserDirectory.ResolvedUser;
import com.inkzee.opml.InvalidOpmlException;
import com.inkzee.opml.OpmlOutline;
import com.inkzee.opml.OpmlReader;
import com.inkzee.opml.OpmlWriter;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ImportOpmlRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ImportOpmlResponse;
import com.inkzee.rpc.api.fetcher.FetcherService;
import com.inkzee.rpc.api.store.FeedUrls;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code import-opml FILE}: subscribes the reader to every feed of an OPML file through the
 * fetcher's importOpml, {@value #BATCH_FEEDS} feeds per call so that a progress bar can move, and
 * ends with a summary of what was not imported and why.
 */
@Command(
    name = "import-opml",
    mixinStandardHelpOptions = true,
    description = {
      "Subscribe a reader to every feed of an OPML file (as other readers export it).",
      "Folders are kept. A progress bar shows on a terminal; the summary lists each feed not"
          + " imported and why. Exit 5 when some were not imported. The user is created if the"
          + " store has none of that name."
    })
public final class ImportOpmlCommand extends CliCommand {
  /**
   * Feeds per importOpml call: small enough that the bar moves every second or so on a slow store,
   * large enough that a 10,000-feed file is 400 calls, not 10,000.
   */
  static final int BATCH_FEEDS = 25;

  /** One batch is 25 subscriptions in the store: seconds at worst. */
  static final Duration BATCH_TIMEOUT = Duration.ofSeconds(60);

  @Parameters(index = "0", paramLabel = "FILE", description = "the OPML file")
  Path file;

  @Mixin UserOption user;
  @Mixin JsonOption json;

  public ImportOpmlCommand(CliContext context) {
    super(context);
  }

  /**
   * The {@code --json} document: {@code feeds} outlines read, {@code subscribed}, of which {@code
   * alreadyFollowed} were followed before (they keep their own title, folder and priority), {@code
   * duplicates} (listed again in the file, imported once), and {@code failed}: one per feed not
   * imported.
   */
  public record ImportView(
      UserView user,
      int feeds,
      int subscribed,
      int alreadyFollowed,
      int duplicates,
      List<String> failed) {}

  @Override
  public Integer call() {
    List<OpmlOutline> all = readFile();
    List<OpmlOutline> importable = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    int duplicates = 0;
    Set<String> seen = new HashSet<>();
    for (OpmlOutline f : all) {
      if (f.xmlUrl().isEmpty()) {
        failed.add("outline '" + f.title() + "' has no xmlUrl");
      } else if (!seen.add(FeedUrls.duplicateKey(f.xmlUrl()))) {
        // Two spellings of one feed (HTTP://Example.com:80/feed, http://example.com/feed) are one
        // duplicate: sent twice, the second came back "followed already" and was reported so.
        duplicates++;
      } else {
        importable.add(f);
      }
    }
    // Connected first: a fetcher that is not running leaves no new user behind.
    FetcherService fetcher = services().fetcher(BATCH_TIMEOUT);
    ResolvedUser reader = new UserDirectory(services().store()).findOrCreate(user.nameOr(context));
    ProgressBar bar =
        context.terminal() && !json.json
            ? new ProgressBar(err(), importable.size(), "feeds")
            : null;
    int subscribed = 0;
    int alreadyFollowed = 0;
    for (int from = 0; from < importable.size(); from += BATCH_FEEDS) {
      if (bar != null) {
        bar.update(from);
      }
      List<OpmlOutline> batch =
          importable.subList(from, Math.min(importable.size(), from + BATCH_FEEDS));
      String opml = new OpmlWriter().write("inkzee import-opml batch", batch);
      ImportOpmlResponse r;
      try {
        r = fetcher.importOpml(new ImportOpmlRequest(reader.id(), opml));
      } catch (RuntimeException e) {
        if (from == 0) {
          throw e; // nothing imported: the failure itself is the answer (and its exit code)
        }
        // Earlier batches are in: say what was imported, and that the rest was not, rather than
        // leave a half-drawn progress bar and an error that hides what was done.
        // One line per feed, as for every other feed not imported.
        String why =
            "not imported: the import stopped at feed "
                + (from + 1)
                + " of "
                + importable.size()
                + " ("
                + e.getMessage()
                + "); run it again: feeds already followed are left as they are";
        for (OpmlOutline f : importable.subList(from, importable.size())) {
          failed.add(f.xmlUrl() + ": " + why);
        }
        break;
      }
      subscribed += r.subscribed();
      alreadyFollowed += r.alreadyFollowed();
      failed.addAll(r.problems());
    }
    if (bar != null) {
      bar.update(importable.size());
      bar.finish();
    }
    if (json.json) {
      Json.print(
          out(),
          new ImportView(
              UserView.of(reader), all.size(), subscribed, alreadyFollowed, duplicates, failed));
    } else {
      summary(out(), reader, all.size(), subscribed, alreadyFollowed, duplicates, failed);
    }
    return failed.isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
  }

  private List<OpmlOutline> readFile() {
    byte[] bytes;
    try {
      if (Files.size(file) > OpmlReader.MAX_INPUT_BYTES) {
        throw CliFailure.usage(
            file
                + " is larger than the "
                + OpmlReader.MAX_INPUT_BYTES
                + " byte limit of an import");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw CliFailure.usage("no such file: " + file);
    } catch (IOException e) {
      throw CliFailure.usage("cannot read " + file + ": " + e.getMessage());
    }
    try {
      // The fetcher's own reader: the batches hold exactly the feeds it would read in the file.
      return new OpmlReader().read(bytes);
    } catch (InvalidOpmlException e) {
      throw CliFailure.usage(file + " is not a usable OPML file: " + e.getMessage());
    }
  }

  private static void summary(
      PrintWriter out,
      ResolvedUser reader,
      int feeds,
      int subscribed,
      int alreadyFollowed,
      int duplicates,
      List<String> failed) {
    if (reader.created()) {
      out.println("Created user " + reader.name() + " (id " + reader.id() + ").");
    }
    out.println(
        "Imported "
            + subscribed
            + " of "
            + (feeds - duplicates)
            + " feeds for "
            + reader.name()
            + (duplicates == 0 ? "" : " (" + duplicates + " listed twice, imported once)")
            + ".");
    if (alreadyFollowed > 0) {
      out.println(
          alreadyFollowed
              + " of them "
              + (alreadyFollowed == 1 ? "was" : "were")
              + " followed already and kept "
              + (alreadyFollowed == 1 ? "its" : "their")
              + " own title, folder and priority.");
    }
    if (!failed.isEmpty()) {
      out.println(failed.size() + " not imported:");
      for (String f : failed) {
        out.println("  - " + f);
      }
    }
    out.flush();
  }
}
