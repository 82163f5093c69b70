package com.inkzee.cli.commands;

import com.inkzee.cli.CliContext;
import com.inkzee.cli.CliFailure;
import com.inkzee.cli.ExitCodes;
import com.inkzee.cli.connect.ServiceDownException;
import com.inkzee.cli.output.Json;
import com.inkzee.cli.output.Views.SubscriptionView;
import com.inkzee.cli.output.Views.UserView;
import com.inkzee.cli.users.UserDirectory;
import com.inkzee.cli.users.UserDirectory.ResolvedUser;
import com.inkzee.rpc.api.fetcher.FetcherMessages.DiscoverRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.DiscoveredFeed;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeResponse;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code subscribe URL}: the fetcher discovers the feed a site points at (or confirms the URL is a
 * feed), then the reader follows the best one, through the ranker so that its view follows at once
 * (through the store when no ranker runs: a ranker reads it from there when it starts).
 */
@Command(
    name = "subscribe",
    mixinStandardHelpOptions = true,
    description = {
      "Follow a site or feed URL.",
      "The fetcher discovers the feed a page points at (the best one when there are several);"
          + " the reader is subscribed through the ranker, or the store when no ranker runs."
          + " The user is created if the store has none of that name."
    })
public final class SubscribeCommand extends CliCommand {
  /**
   * Discovery reads a page and maybe a feed or two, each bounded by the fetcher's 60 s fetch
   * timeout (INKZEE_FETCH_TIMEOUT_SECONDS): the call may take that long and a little more.
   */
  static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(90);

  @Parameters(index = "0", paramLabel = "URL", description = "a site's or a feed's http(s) URL")
  String url;

  @Option(names = "--folder", paramLabel = "NAME", description = "put the feed in this folder")
  String folder;

  @Option(names = "--title", paramLabel = "TITLE", description = "show the feed under this title")
  String title;

  @Option(
      names = "--no-discover",
      description = "subscribe to URL as given, without asking the fetcher (for a feed URL)")
  boolean noDiscover;

  @Mixin UserOption user;
  @Mixin JsonOption json;

  public SubscribeCommand(CliContext context) {
    super(context);
  }

  /** The {@code --json} document. */
  public record SubscribeView(
      UserView user,
      List<DiscoveredView> discovered,
      SubscriptionView subscription,
      boolean feedCreated,
      boolean alreadyFollowed,
      String via) {}

  /** A feed discovery found; the first is the one subscribed to. */
  public record DiscoveredView(String url, String title, String format) {}

  @Override
  public Integer call() {
    String target = httpUrl(url);
    // Discovery first: a URL with no feed, or no fetcher, leaves no new user behind.
    List<DiscoveredView> discovered =
        noDiscover ? List.of(new DiscoveredView(target, null, null)) : discover(target);
    ResolvedUser reader = new UserDirectory(services().store()).findOrCreate(user.nameOr(context));
    DiscoveredView chosen = discovered.get(0);
    String shownTitle = title != null ? title : chosen.title();
    // A feed the reader already follows keeps its title, folder and priority: this command knows
    // none of them, and would otherwise reset all three.
    String[] via = {"ranker"};
    SubscribeResponse response =
        send(new SubscribeRequest(reader.id(), chosen.url(), shownTitle, folder, 0, true), via);
    if (response.alreadyFollowed() && (folder != null || title != null)) {
      // Asked to move or rename a feed already followed: change what was given, keep the rest.
      SubscribeRequest change =
          SubscribeRequest.changing(reader.id(), response.subscription(), title, folder);
      response = new SubscribeResponse(send(change, via).subscription(), false, true);
    }
    if (json.json) {
      Json.print(
          out(),
          new SubscribeView(
              UserView.of(reader),
              discovered,
              SubscriptionView.of(response.subscription()),
              response.feedCreated(),
              response.alreadyFollowed(),
              via[0]));
      return ExitCodes.OK;
    }
    print(out(), reader, discovered, response, via[0], folder != null || title != null);
    return ExitCodes.OK;
  }

  /** Subscribes through the ranker, or the store when no ranker runs; {@code via[0]} says which. */
  private SubscribeResponse send(SubscribeRequest request, String[] via) {
    if (via[0].equals("ranker")) {
      try {
        return services().ranker(Duration.ofSeconds(10)).subscribe(request);
      } catch (ServiceDownException rankerDown) {
        via[0] = "store";
      }
    }
    return services().store().subscribe(request);
  }

  private List<DiscoveredView> discover(String target) {
    List<DiscoveredFeed> found =
        services().fetcher(DISCOVERY_TIMEOUT).discoverFeeds(new DiscoverRequest(target)).feeds();
    if (found.isEmpty()) {
      throw CliFailure.failed(
          "no feed found at "
              + target
              + ": it is not a feed and names no RSS, Atom or JSON feed; give the feed's own URL");
    }
    return found.stream().map(f -> new DiscoveredView(f.url(), f.title(), f.format())).toList();
  }

  private static void print(
      PrintWriter out,
      ResolvedUser reader,
      List<DiscoveredView> discovered,
      SubscribeResponse response,
      String via,
      boolean changeAsked) {
    if (reader.created()) {
      out.println("Created user " + reader.name() + " (id " + reader.id() + ").");
    }
    var s = response.subscription();
    out.println(
        (response.alreadyFollowed() && !changeAsked ? "Already following: " : "Subscribed ")
            + reader.name()
            + " to "
            + (s.title() == null ? "" : "\"" + s.title() + "\" ")
            + s.feedUrl()
            + " (feed "
            + s.feedId()
            + (s.folder() == null ? "" : ", folder " + s.folder())
            + ").");
    if (response.alreadyFollowed()) {
      out.println(
          changeAsked
              ? "Followed already: only the folder or title given changed; its priority is kept."
              : "Left as it was: its title, folder and priority are the reader's (change them in"
                  + " the reader, or give --folder or --title).");
    }
    if (response.feedCreated()) {
      out.println("A new feed: the fetcher reads it within seconds when it runs.");
    }
    if ("store".equals(via)) {
      out.println("The ranker is not running: subscribed in the store; the ranker reads it there.");
    }
    if (discovered.size() > 1) {
      out.println("The page names other feeds too (subscribe to one by its URL):");
      for (DiscoveredView d : discovered.subList(1, discovered.size())) {
        out.println("  " + d.url() + (d.title() == null ? "" : "  " + d.title()));
      }
    }
    out.flush();
  }

  /** An absolute http(s) URL, or a usage failure saying what is wrong with it. */
  static String httpUrl(String text) {
    try {
      URI u = new URI(text.strip());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
        throw CliFailure.usage(
            "'" + text + "' is not an http(s) URL; give one like https://example.com/feed.xml");
      }
      return u.toString();
    } catch (URISyntaxException e) {
      throw CliFailure.usage("'" + text + "' is not a URL: " + e.getReason());
    }
  }
}
