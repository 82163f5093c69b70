package com.inkzee.cli.commands;

import com.inkzee.cli.CliContext;
import com.inkzee.cli.ExitCodes;
import com.inkzee.cli.connect.Connections;
import com.inkzee.cli.connect.Connections.Probe;
import com.inkzee.cli.connect.ServiceCallException;
import com.inkzee.cli.connect.ServiceDownException;
import com.inkzee.cli.connect.ServiceKind;
import com.inkzee.cli.output.Json;
import com.inkzee.rpc.api.store.AdminMessages.FeedStats;
import com.inkzee.rpc.api.store.AdminMessages.FeedStatsRequest;
import com.inkzee.rpc.api.store.AdminMessages.FeedStatsResponse;
import com.inkzee.rpc.api.store.EntryMessages.WindowRequest;
import com.inkzee.rpc.api.store.StoreService;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code status}: whether each service answers, the fetch queue, the feeds failing and why, and how
 * far the ranker is behind the store's change feed. Built from what the services' RPC offers today:
 * ping, the store's feedStats, its entryWindow (for the change feed's head) and the ranker's cursor
 * file (the ranker reports no cursor over RPC, so the lag is read from its file when the ranker
 * shares this machine's data directory).
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show whether each service is up, the fetch queue (feeds due, leased, failing), the feeds"
          + " failing and why, and how far the ranker is behind the store's change feed.",
      "Exit 0 when the store, fetcher and ranker all answer and are ready, 3 otherwise (the web"
          + " reader is shown, not counted)."
    })
public final class StatusCommand extends CliCommand {
  /** How long the web reader may take to answer a GET of its page. */
  static final Duration WEB_TIMEOUT = Duration.ofSeconds(3);

  @Option(
      names = "--failing",
      paramLabel = "N",
      defaultValue = "10",
      description =
          "list at most N feeds with errors, most errors first (default ${DEFAULT-VALUE})")
  int failingLimit;

  @Mixin JsonOption json;

  public StatusCommand(CliContext context) {
    super(context);
  }

  /**
   * The {@code --json} document; {@code queue}, {@code changeFeed} are null if the store is down.
   */
  public record StatusView(
      boolean healthy,
      List<ServiceView> services,
      QueueView queue,
      List<FailingFeedView> failingFeeds,
      ChangeFeedView changeFeed) {}

  /**
   * A service: {@code up} it answered, {@code ready} its own dependencies answer too; {@code
   * problem} why it is not up (null when it is).
   */
  public record ServiceView(
      String name,
      List<String> endpoints,
      boolean up,
      boolean ready,
      String catalogueVersion,
      String serverTime,
      String problem) {}

  /** The store's fetch queue: feeds in all, polled, due now, leased by a fetcher, failing. */
  public record QueueView(
      long totalFeeds,
      long activeFeeds,
      long dueFeeds,
      long leasedFeeds,
      long failingFeeds,
      long totalEntries) {}

  /** A feed whose last fetches failed; {@code failing} after 10 in a row. */
  public record FailingFeedView(
      long feedId,
      String url,
      String title,
      String state,
      int subscribers,
      int consecutiveErrors,
      boolean failing,
      int lastStatus,
      String lastError,
      String lastFetchAt,
      String nextFetchAt) {}

  /**
   * The change feed: the store's head sequence, the ranker's saved cursor (null when its file is
   * not found here), and the lag between them in entries (null when unknown).
   */
  public record ChangeFeedView(
      long headSequence, Long rankerCursor, String cursorFile, Long lag, String note) {}

  @Override
  public Integer call() {
    if (failingLimit < 1 || failingLimit > 1000) {
      throw new ParameterException(
          spec.commandLine(), "--failing " + failingLimit + " is outside 1..1000");
    }
    Connections c = services();
    List<ServiceView> services = new ArrayList<>();
    boolean healthy = true;
    boolean storeUp = false;
    // Probed in parallel, a thread each (the common pool has one thread on a 2-core machine): a
    // service that is slow to refuse (a remote host) delays no other.
    ExecutorService pool =
        Executors.newFixedThreadPool(
            ServiceKind.values().length + 1,
            r -> {
              Thread t = new Thread(r, "inkzee-status-probe");
              t.setDaemon(true);
              return t;
            });
    Map<ServiceKind, CompletableFuture<Probe>> probes = new EnumMap<>(ServiceKind.class);
    CompletableFuture<ServiceView> webProbe;
    try {
      for (ServiceKind kind : ServiceKind.values()) {
        probes.put(kind, CompletableFuture.supplyAsync(() -> c.probe(kind), pool));
      }
      webProbe = CompletableFuture.supplyAsync(() -> web(c.addresses().webUrl()), pool);
      CompletableFuture.allOf(probes.values().toArray(new CompletableFuture<?>[0])).join();
      webProbe.join();
    } finally {
      pool.shutdown();
    }
    for (ServiceKind kind : ServiceKind.values()) {
      Probe p = probes.get(kind).join();
      healthy &= p.ready();
      storeUp |= kind == ServiceKind.STORE && p.up();
      services.add(
          new ServiceView(
              kind.label(),
              p.endpoints().stream().map(Object::toString).toList(),
              p.up(),
              p.ready(),
              p.up() ? p.pong().catalogueVersion() : null,
              p.up() ? Json.time(p.pong().serverTime()) : null,
              p.up()
                  ? (p.ready() ? null : "up, but its own dependencies do not answer")
                  : p.problem()));
    }
    services.add(webProbe.join());

    QueueView queue = null;
    List<FailingFeedView> failing = List.of();
    ChangeFeedView changeFeed = null;
    if (storeUp) {
      try {
        StoreService store = c.store();
        FeedStatsResponse stats = store.feedStats(new FeedStatsRequest(List.of(), failingLimit));
        queue =
            new QueueView(
                stats.totalFeeds(),
                stats.activeFeeds(),
                stats.dueFeeds(),
                stats.leasedFeeds(),
                stats.failingFeeds(),
                stats.totalEntries());
        failing =
            stats.feeds().stream()
                .filter(f -> f.consecutiveErrors() > 0)
                .map(StatusCommand::failingFeed)
                .toList();
        changeFeed = changeFeed(store);
      } catch (ServiceCallException | ServiceDownException e) {
        healthy = false;
        err().println("inkzee: the store's figures are not available: " + e.getMessage());
      }
    }
    StatusView view = new StatusView(healthy, services, queue, failing, changeFeed);
    if (json.json) {
      Json.print(out(), view);
    } else {
      print(out(), view);
    }
    return healthy ? ExitCodes.OK : ExitCodes.SERVICE_DOWN;
  }

  private ChangeFeedView changeFeed(StoreService store) {
    // entryWindow reports the change feed's head; asking from now on reads no entry.
    long head =
        store
            .entryWindow(new WindowRequest(context.clock().instant(), null, 1, true))
            .headSequence();
    Path file = cursorFile();
    try {
      long cursor = Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip());
      return new ChangeFeedView(head, cursor, file.toString(), Math.max(0, head - cursor), null);
    } catch (NoSuchFileException e) {
      return new ChangeFeedView(
          head,
          null,
          file.toString(),
          null,
          "no ranker cursor file here: the ranker runs elsewhere or has not started"
              + " (set INKZEE_RANKER_CURSOR_FILE or INKZEE_DATA_DIR as the ranker has them)");
    } catch (IOException | NumberFormatException e) {
      return new ChangeFeedView(
          head, null, file.toString(), null, "unreadable ranker cursor: " + e.getMessage());
    }
  }

  /** Where the ranker keeps its cursor: its own variables, with its defaults. */
  private Path cursorFile() {
    String file = context.variable("INKZEE_RANKER_CURSOR_FILE");
    if (file != null) {
      return Path.of(file);
    }
    String dir = context.variable("INKZEE_DATA_DIR");
    return Path.of(dir == null ? "./data" : dir).resolve("ranker.cursor");
  }

  private static FailingFeedView failingFeed(FeedStats f) {
    return new FailingFeedView(
        f.feedId(),
        f.url(),
        f.title(),
        f.state() == null ? null : f.state().name(),
        f.subscribers(),
        f.consecutiveErrors(),
        f.failing(),
        f.lastStatus(),
        f.lastError(),
        Json.time(f.lastFetchAt()),
        Json.time(f.nextFetchAt()));
  }

  /** The web reader is a plain HTTP server: up when its page answers at all. */
  private static ServiceView web(URI url) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(WEB_TIMEOUT).build();
    try {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(url).timeout(WEB_TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      boolean ok = r.statusCode() < 500;
      return new ServiceView(
          "web",
          List.of(url.toString()),
          true,
          ok,
          null,
          null,
          ok ? null : "its page answers HTTP " + r.statusCode());
    } catch (IOException e) {
      String why = e instanceof ConnectException ? "connection refused" : e.toString();
      return new ServiceView("web", List.of(url.toString()), false, false, null, null, why);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ServiceView(
          "web", List.of(url.toString()), false, false, null, null, "interrupted");
    } catch (IllegalArgumentException e) {
      return new ServiceView(
          "web",
          List.of(url.toString()),
          false,
          false,
          null,
          null,
          "bad INKZEE_WEB_URL: " + e.getMessage());
    }
  }

  private static void print(PrintWriter out, StatusView v) {
    out.println("Services");
    for (ServiceView s : v.services()) {
      String state;
      if (!s.up()) {
        state = "DOWN   " + s.problem();
        if (!s.name().equals("web")) {
          state += " (start it with ./inkzee " + s.name() + ")";
        }
      } else if (!s.ready()) {
        state = "UP, NOT READY   " + s.problem();
      } else {
        state = "up" + (s.catalogueVersion() == null ? "" : "   catalogue " + s.catalogueVersion());
      }
      out.printf("  %-8s %-24s %s%n", s.name(), String.join(",", s.endpoints()), state);
    }
    QueueView q = v.queue();
    out.println("Fetch queue");
    if (q == null) {
      out.println("  unknown: the store is not answering");
    } else {
      out.printf(
          "  %d feeds (%d polled), %d due now, %d leased by fetchers, %d failing; %d entries%n",
          q.totalFeeds(),
          q.activeFeeds(),
          q.dueFeeds(),
          q.leasedFeeds(),
          q.failingFeeds(),
          q.totalEntries());
    }
    if (!v.failingFeeds().isEmpty()) {
      out.println("Feeds with errors (most first)");
      for (FailingFeedView f : v.failingFeeds()) {
        out.printf(
            "  feed %d %s: %d error%s in a row%s, last: %s%n",
            f.feedId(),
            f.url(),
            f.consecutiveErrors(),
            f.consecutiveErrors() == 1 ? "" : "s",
            f.failing() ? " (FAILING: retried daily)" : "",
            f.lastError() == null ? "HTTP " + f.lastStatus() : f.lastError());
      }
    }
    ChangeFeedView cf = v.changeFeed();
    out.println("Change feed");
    if (cf == null) {
      out.println("  unknown: the store is not answering");
    } else if (cf.lag() == null) {
      out.println("  head " + cf.headSequence() + "; ranker lag unknown: " + cf.note());
    } else {
      out.println(
          "  head "
              + cf.headSequence()
              + ", ranker at "
              + cf.rankerCursor()
              + ": "
              + cf.lag()
              + " entries behind (cursor file "
              + cf.cursorFile()
              + ")");
    }
    out.println(v.healthy() ? "All services up." : "Not all services are up and ready.");
    out.flush();
  }
}
