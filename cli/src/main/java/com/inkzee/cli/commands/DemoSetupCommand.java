package com.inkzee.cli.commands;

import com.inkzee.cli.CliContext;
import com.inkzee.cli.CliFailure;
import com.inkzee.cli.ExitCodes;
import com.inkzee.cli.connect.Connections;
import com.inkzee.cli.connect.ServiceDownException;
import com.inkzee.cli.connect.ServiceKind;
import com.inkzee.cli.demo.DemoFeedServer;
import com.inkzee.cli.demo.DemoPassword;
import com.inkzee.cli.users.UserDirectory;
import com.inkzee.cli.users.UserDirectory.ResolvedUser;
import com.inkzee.passwords.PasswordHasher;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo-setup}: once the store and ranker answer, creates the demo reader, gives it the demo
 * password (so it can sign in to the web reader) and subscribes it to every sample feed the demo
 * server serves. Run by {@code ./inkzee up --demo}; safe to run again (the user and subscriptions
 * are created once, and a password the reader already has is kept).
 */
@Command(
    name = "demo-setup",
    mixinStandardHelpOptions = true,
    description = {
      "Create the demo reader (password 'demo', to sign in to the web reader) and subscribe it"
          + " to every sample feed served by demo-feeds (./inkzee up --demo runs it once the"
          + " services answer). Safe to run again: a password the reader already has is kept."
    })
public final class DemoSetupCommand extends CliCommand {
  /** The demo reader's name. */
  public static final String DEMO_USER = "demo";

  /**
   * The demo reader's password: short and public on purpose (it is printed), for a demo on
   * loopback. Sign-up would refuse it (8 characters at least); sign-in only checks the hash.
   */
  public static final String DEMO_PASSWORD = "demo";

  /** The folder the sample feeds go in. */
  public static final String DEMO_FOLDER = "Demo";

  @Option(
      names = "--feeds-url",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:7490/",
      description = "where demo-feeds serves the samples (default ${DEFAULT-VALUE})")
  String feedsUrl;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = "demo/feeds",
      description = "the sample feed directory, for their names (default ${DEFAULT-VALUE})")
  Path dir;

  @Option(
      names = {"-u", "--user"},
      paramLabel = "NAME",
      defaultValue = DEMO_USER,
      description = "the demo reader (default ${DEFAULT-VALUE})")
  String user;

  @Option(
      names = "--password",
      paramLabel = "PASSWORD",
      defaultValue = DEMO_PASSWORD,
      description =
          "the demo reader's password, set only if it has none yet (default ${DEFAULT-VALUE})")
  String password;

  @Option(
      names = "--web-url",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:8080/",
      description = "the web reader's address, for the sign-in line (default ${DEFAULT-VALUE})")
  String webUrl;

  @Option(
      names = "--wait",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description =
          "how long to wait for the store and ranker to answer (default ${DEFAULT-VALUE};"
              + " the ranker loads its window first)")
  int waitSeconds;

  public DemoSetupCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    List<String> feeds = feedFiles();
    awaitServices(Duration.ofSeconds(waitSeconds));
    ResolvedUser reader = new UserDirectory(services().store()).findOrCreate(user);
    DemoPassword.Outcome signIn =
        new DemoPassword(services().store(), new PasswordHasher()).ensure(reader, password);
    String base = feedsUrl.endsWith("/") ? feedsUrl : feedsUrl + "/";
    List<String> followed = new ArrayList<>();
    for (String name : feeds) {
      SubscribeRequest request =
          new SubscribeRequest(reader.id(), base + name, null, DEMO_FOLDER, 0);
      try {
        services().ranker(Duration.ofSeconds(10)).subscribe(request);
      } catch (ServiceDownException e) {
        services().store().subscribe(request);
      }
      followed.add(base + name);
    }
    out()
        .println(
            "Demo reader '"
                + reader.name()
                + "' follows "
                + followed.size()
                + " sample feeds served from "
                + dir
                + " at "
                + base
                + " (folder "
                + DEMO_FOLDER
                + ").");
    out()
        .println(
            "The river fills as the fetcher reads them: ./inkzee river --user " + reader.name());
    out()
        .println(
            signIn == DemoPassword.Outcome.KEPT
                ? "sign in at " + webUrl + " as " + reader.name() + " (its own password, kept)"
                : "sign in at " + webUrl + " as " + reader.name() + " / " + password);
    out().flush();
    return ExitCodes.OK;
  }

  private List<String> feedFiles() {
    try (var list = Files.list(dir)) {
      List<String> names = list.map(p -> p.getFileName().toString()).sorted().toList();
      List<String> feeds =
          DemoFeedServer.feedNames(names).stream()
              .filter(n -> n.matches(".*\\.(rss|atom|xml|json)"))
              .toList();
      if (feeds.isEmpty()) {
        throw CliFailure.usage("no sample feed (.rss, .atom, .xml, .json) in " + dir);
      }
      return feeds;
    } catch (IOException e) {
      throw CliFailure.usage("cannot list the demo feed directory " + dir + ": " + e.getMessage());
    }
  }

  /** Waits, bounded, until the store and ranker answer ready; the ranker starts after the store. */
  private void awaitServices(Duration wait) {
    Connections c = services();
    long deadline = System.nanoTime() + wait.toNanos();
    for (ServiceKind kind : List.of(ServiceKind.STORE, ServiceKind.RANKER)) {
      Connections.Probe p = c.probe(kind);
      while (!p.ready()) {
        if (System.nanoTime() > deadline) {
          throw new ServiceDownException(
              kind, p.endpoints(), List.of(p.problem() == null ? "not ready" : p.problem()));
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw CliFailure.failed("interrupted while waiting for the " + kind.label());
        }
        p = c.probe(kind);
      }
    }
  }
}
