package com.inkzee.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.inkzee.cli.testing.CliRun;
import com.inkzee.cli.testing.LiveServices;
import com.inkzee.passwords.PasswordHasher;
import com.inkzee.rpc.api.store.AccountMessages.CredentialRequest;
import com.inkzee.rpc.api.store.AccountMessages.SetPasswordRequest;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.UserMessages.GetUserRequest;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every subcommand against the real services over loopback: a store on the embedded database, the
 * fetcher fetching the demo's sample feeds from the demo feed server, the ranker tailing the store.
 * Checks the text and JSON outputs, and the messages and exit codes when something is wrong.
 */
class CommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger UNIQUE = new AtomicInteger();

  @TempDir static Path dir;
  static LiveServices services;

  @BeforeAll
  static void start() {
    services = new LiveServices(dir);
  }

  @AfterAll
  static void stop() {
    if (services != null) {
      services.close();
    }
  }

  static CliRun cli(String... args) {
    return CliRun.run(services.env(), args);
  }

  static JsonNode json(CliRun run) throws IOException {
    assertThat(run.code()).as(run.toString()).isZero();
    return JSON.readTree(run.out());
  }

  static String unique(String name) {
    return name + "-" + UNIQUE.incrementAndGet();
  }

  private static String sharedDemoReader;

  /**
   * The reader ./inkzee up --demo sets up, once for all tests (none of them marks anything read):
   * demo-setup, then a wait until the fetcher and the ranker have brought every story in.
   */
  static synchronized String demoReader() throws IOException {
    if (sharedDemoReader == null) {
      sharedDemoReader = newDemoReader();
    }
    return sharedDemoReader;
  }

  private static String newDemoReader() throws IOException {
    String user = unique("demo");
    CliRun setup =
        cli(
            "demo-setup",
            "--feeds-url",
            services.feeds().baseUrl(),
            "--dir",
            LiveServices.DEMO_FEEDS.toString(),
            "--user",
            user,
            "--wait",
            "30");
    assertThat(setup.code()).as(setup.toString()).isZero();
    assertThat(setup.out()).contains("Demo reader '" + user + "' follows 3 sample feeds");
    await()
        .atMost(LiveServices.PIPELINE_WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> json(cli("river", "--user", user, "--json")).get("items").size() == 11);
    return user;
  }

  @Nested
  class Demo {
    @Test
    void fillsTheRiverWithDuplicatesCollapsed() throws IOException {
      String user = demoReader();
      // 14 entries in 3 feeds; the ferry story (same article, tracking parameters), the storm
      // warning (same text, other address) and the tide gauge (same link) show once each.
      JsonNode river = json(cli("river", "--user", user, "--json"));
      assertThat(river.get("user").get("name").asText()).isEqualTo(user);
      assertThat(river.get("order").asText()).isEqualTo("ranked");
      List<String> collapsed = new ArrayList<>();
      for (JsonNode item : river.get("items")) {
        assertThat(item.get("why").size()).as("score parts of %s", item).isPositive();
        assertThat(item.get("sortAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        if (item.get("alsoIn").size() > 0) {
          assertThat(item.get("alsoIn")).hasSize(1);
          collapsed.add(item.get("url").asText());
        }
      }
      assertThat(collapsed).hasSize(3);
      assertThat(String.join(" ", collapsed))
          .contains("ferry-resumes")
          .contains("tide-gauge")
          .containsAnyOf("storm-warning", "storm-north-coast");

      CliRun text = cli("river", "--user", user, "--limit", "11");
      assertThat(text.code()).as(text.toString()).isZero();
      assertThat(text.out())
          .startsWith("River of " + user + " (ranked, unread): 11 items")
          .contains("also in 1 feed (")
          .contains("why: freshness");
    }

    @Test
    void givesTheDemoReaderThePasswordTheWebReaderChecksAndKeepsItsOwn() {
      // As ./inkzee up --demo runs it: the default reader 'demo' and the default web address.
      CliRun setup =
          cli(
              "demo-setup",
              "--feeds-url",
              services.feeds().baseUrl(),
              "--dir",
              LiveServices.DEMO_FEEDS.toString());
      assertThat(setup.code()).as(setup.toString()).isZero();
      assertThat(setup.out()).contains("sign in at http://127.0.0.1:8080/ as demo / demo\n");

      StoreService store = services.store().store();
      PasswordHasher hasher = new PasswordHasher();
      String hash = store.getCredential(new CredentialRequest("demo")).passwordHash();
      assertThat(hash).startsWith("pbkdf2-sha256$" + PasswordHasher.DEFAULT_ITERATIONS + "$");
      assertThat(hasher.verify("demo", hash)).as("the web reader's check").isTrue();
      assertThat(hasher.verify("demo ", hash)).isFalse();

      // Again: nothing changes (no new hash, so no session of the demo reader ends).
      CliRun again =
          cli(
              "demo-setup",
              "--feeds-url",
              services.feeds().baseUrl(),
              "--dir",
              LiveServices.DEMO_FEEDS.toString(),
              "--web-url",
              "http://reader.example/");
      assertThat(again.code()).as(again.toString()).isZero();
      assertThat(again.out()).contains("sign in at http://reader.example/ as demo / demo\n");
      assertThat(store.getCredential(new CredentialRequest("demo")).passwordHash()).isEqualTo(hash);

      // A password the reader chose is never replaced.
      long id = store.getUser(new GetUserRequest(null, "demo")).user().id();
      String own = hasher.hash("a password of my own");
      store.setPassword(new SetPasswordRequest(id, own, false));
      CliRun kept =
          cli(
              "demo-setup",
              "--feeds-url",
              services.feeds().baseUrl(),
              "--dir",
              LiveServices.DEMO_FEEDS.toString());
      assertThat(kept.code()).as(kept.toString()).isZero();
      assertThat(kept.out())
          .contains("sign in at http://127.0.0.1:8080/ as demo (its own password, kept)")
          .doesNotContain("/ demo");
      assertThat(store.getCredential(new CredentialRequest("demo")).passwordHash()).isEqualTo(own);
    }

    @Test
    void setupTwiceSubscribesOnce() throws IOException {
      String user = unique("demo-again");
      for (int i = 0; i < 2; i++) {
        CliRun setup =
            cli(
                "demo-setup",
                "--feeds-url",
                services.feeds().baseUrl(),
                "--dir",
                LiveServices.DEMO_FEEDS.toString(),
                "--user",
                user);
        assertThat(setup.code()).as(setup.toString()).isZero();
      }
      JsonNode export = json(cli("export-opml", "--user", user, "--json"));
      assertThat(export.get("user").get("created").asBoolean()).isFalse();
      assertThat(export.get("outlines")).hasSize(3);
      for (JsonNode o : export.get("outlines")) {
        assertThat(o.get("folder").asText()).isEqualTo("Demo");
        assertThat(o.get("feedUrl").asText()).startsWith(services.feeds().baseUrl());
      }
    }
  }

  @Nested
  class Reading {
    @Test
    void pagesTheRiverWithACursor() throws IOException {
      String user = demoReader();
      JsonNode first =
          json(cli("river", "--user", user, "--limit", "4", "--order", "newest", "--json"));
      assertThat(first.get("items")).hasSize(4);
      String cursor = first.get("nextCursor").asText();
      JsonNode second =
          json(
              cli(
                  "river",
                  "--user",
                  user,
                  "--limit",
                  "4",
                  "--order",
                  "newest",
                  "--cursor",
                  cursor,
                  "--json"));
      assertThat(second.get("items")).hasSize(4);
      assertThat(second.get("items").get(0).get("sortAt").asText())
          .isLessThanOrEqualTo(first.get("items").get(3).get("sortAt").asText());
      CliRun text = cli("river", "--user", user, "--limit", "4");
      assertThat(text.out())
          .contains("More: ./inkzee river --user " + user + " --limit 4 --cursor ");
    }

    @Test
    void digestFitsItsBudget() throws IOException {
      String user = demoReader();
      JsonNode digest = json(cli("digest", "--minutes", "2", "--user", user, "--json"));
      assertThat(digest.get("minutes").asInt()).isEqualTo(2);
      assertThat(digest.get("budgetSeconds").asInt()).isEqualTo(120);
      assertThat(digest.get("items").size()).isPositive();
      assertThat(digest.get("totalSeconds").asInt()).isBetween(1, 120);
      int sum = 0;
      for (JsonNode i : digest.get("items")) {
        sum += i.get("readingSeconds").asInt();
        assertThat(i.get("summary").asText()).isNotBlank();
        assertThat(i.get("item").get("title").asText()).isNotBlank();
      }
      assertThat(sum).isEqualTo(digest.get("totalSeconds").asInt());

      CliRun text = cli("digest", "-m", "2", "--user", user);
      assertThat(text.code()).as(text.toString()).isZero();
      assertThat(text.out()).startsWith("Digest of " + user + ": ").contains("budget of 2 min");
    }

    @Test
    void exportsOpmlThroughTheFetcher() throws IOException {
      String user = demoReader();
      CliRun xml = cli("export-opml", "--user", user);
      assertThat(xml.code()).as(xml.toString()).isZero();
      assertThat(xml.out())
          .contains("<opml")
          .contains("Demo")
          .contains(services.feeds().baseUrl() + "harbor-gazette.rss")
          .contains(services.feeds().baseUrl() + "coastal-wire.atom")
          .contains(services.feeds().baseUrl() + "tinkerers-weekly.rss");
      Path file = dir.resolve(unique("export") + ".opml");
      CliRun toFile = cli("export-opml", "--user", user, "-o", file.toString());
      assertThat(toFile.code()).as(toFile.toString()).isZero();
      assertThat(Files.readString(file)).isEqualTo(xml.out());
    }

    @Test
    void unknownUserIsNamed() {
      CliRun run = cli("river", "--user", "nobody-" + UNIQUE.incrementAndGet());
      assertThat(run.code()).isEqualTo(ExitCodes.FAILED);
      assertThat(run.err()).contains("no user named 'nobody-").contains("inkzee subscribe URL");
    }

    @Test
    void defaultUserIsTheLoginName() throws IOException {
      String url = services.feeds().baseUrl() + "tinkerers-weekly.rss";
      Map<String, String> env = services.envWith("USER", unique("login"));
      CliRun sub = CliRun.run(env, "subscribe", url, "--no-discover", "--json");
      assertThat(sub.code()).as(sub.toString()).isZero();
      assertThat(JSON.readTree(sub.out()).get("user").get("name").asText())
          .isEqualTo(env.get("USER"));
      Map<String, String> override = new java.util.HashMap<>(env);
      override.put("INKZEE_USER", unique("chosen"));
      CliRun other = CliRun.run(override, "river", "--json");
      assertThat(other.code()).isEqualTo(ExitCodes.FAILED);
      assertThat(other.err()).contains("no user named '" + override.get("INKZEE_USER") + "'");
    }
  }

  @Nested
  class Subscribing {
    @Test
    void discoversTheFeedsOfAPage() throws IOException {
      String user = unique("alice");
      CliRun run = cli("subscribe", services.feeds().baseUrl(), "--user", user, "--json");
      JsonNode doc = json(run);
      assertThat(doc.get("user").get("created").asBoolean()).isTrue();
      assertThat(doc.get("via").asText()).isEqualTo("ranker");
      assertThat(doc.get("discovered")).hasSize(3);
      String chosen = doc.get("discovered").get(0).get("url").asText();
      assertThat(doc.get("subscription").get("feedUrl").asText()).isEqualTo(chosen);
      assertThat(chosen).startsWith(services.feeds().baseUrl());

      CliRun text =
          cli("subscribe", services.feeds().baseUrl(), "--user", user, "--folder", "Local");
      assertThat(text.code()).as(text.toString()).isZero();
      assertThat(text.out())
          .contains("Subscribed " + user + " to ")
          .contains("folder Local")
          .contains("The page names other feeds too")
          .doesNotContain("Created user");
    }

    @Test
    void aPageWithoutFeedsIsSaidSo() {
      CliRun run =
          cli(
              "subscribe",
              services.feeds().baseUrl() + "no-such-page.html",
              "--user",
              unique("bob"));
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
      assertThat(run.err())
          .contains("no feed found at " + services.feeds().baseUrl() + "no-such-page.html")
          .contains("give the feed's own URL");
    }

    @Test
    void refusesWhatIsNotAUrl() {
      CliRun run = cli("subscribe", "not a url", "--user", unique("carol"));
      assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(run.err()).contains("'not a url' is not");
    }

    @Test
    void saysWhichServiceIsDownAndHowToStartIt() {
      int port = services.closedPort();
      String user = unique("dave");
      CliRun run =
          CliRun.run(
              services.envWith("INKZEE_FETCHER_ENDPOINTS", "127.0.0.1:" + port),
              "subscribe",
              "https://example.com/",
              "--user",
              user);
      assertThat(run.code()).isEqualTo(ExitCodes.SERVICE_DOWN);
      assertThat(run.err())
          .contains("the fetcher is not running at 127.0.0.1:" + port)
          .contains("connection refused")
          .contains("./inkzee fetcher")
          .contains("INKZEE_FETCHER_ENDPOINTS");
      assertThat(cli("river", "--user", user).err())
          .as("nothing was created")
          .contains("no user named '" + user + "'");
    }

    /**
     * Text the store keeps as given (here a title with an OSC sequence that would retitle the
     * window, and a CSI that clears the screen) reaches the terminal with its controls replaced;
     * the JSON carries them escaped, as they are.
     */
    @Test
    void escapeSequencesInStoredTextNeverReachTheTerminal() throws IOException {
      String user = unique("gil");
      String feed = services.feeds().baseUrl() + "coastal-wire.atom";
      String hostile = "Wire\u001b]0;owned\u0007 \u001b[2J\u009bNews";
      CliRun run = cli("subscribe", feed, "--no-discover", "--user", user, "--title", hostile);

      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
      assertThat(run.out())
          .contains("Wire\uFFFD]0;owned\uFFFD \uFFFD[2J\uFFFDNews")
          .doesNotContain("\u001b")
          .doesNotContain("\u0007")
          .doesNotContain("\u009b");
      JsonNode export = json(cli("export-opml", "--user", user, "--json"));
      assertThat(export.toString()).contains("Wire\\u001B]0;owned\\u0007");
    }

    /** Subscribing again to a feed the reader follows must not wipe how they arranged it. */
    @Test
    void subscribingAgainLeavesTheReadersFolderAndTitle() throws IOException {
      String user = unique("fay");
      String feed = services.feeds().baseUrl() + "tinkerers-weekly.rss";
      JsonNode first =
          json(
              cli(
                  "subscribe",
                  feed,
                  "--no-discover",
                  "--user",
                  user,
                  "--folder",
                  "Makers",
                  "--title",
                  "Tinkering",
                  "--json"));
      assertThat(first.get("alreadyFollowed").asBoolean()).isFalse();

      CliRun again = cli("subscribe", feed, "--no-discover", "--user", user);

      assertThat(again.code()).as(again.toString()).isEqualTo(ExitCodes.OK);
      assertThat(again.out())
          .contains("Already following: " + user)
          .contains("\"Tinkering\"")
          .contains("folder Makers")
          .contains("Left as it was");
      JsonNode export = json(cli("export-opml", "--user", user, "--json"));
      assertThat(export.toString()).contains("\"folder\":\"Makers\"").contains("Tinkering");

      CliRun moved = cli("subscribe", feed, "--no-discover", "--user", user, "--folder", "Crafts");
      assertThat(moved.out())
          .contains("\"Tinkering\"")
          .contains("folder Crafts")
          .contains("only the folder or title given changed");
    }

    @Test
    void subscribesThroughTheStoreWhenNoRankerRuns() throws IOException {
      CliRun run =
          CliRun.run(
              services.envWith("INKZEE_RANKER_ENDPOINTS", "127.0.0.1:" + services.closedPort()),
              "subscribe",
              services.feeds().baseUrl() + "coastal-wire.atom",
              "--no-discover",
              "--user",
              unique("erin"),
              "--json");
      JsonNode doc = json(run);
      assertThat(doc.get("via").asText()).isEqualTo("store");
      assertThat(doc.get("subscription").get("feedId").asLong()).isPositive();
    }
  }

  @Nested
  class ImportingOpml {
    private Path opml(String body) throws IOException {
      Path file = dir.resolve(unique("subs") + ".opml");
      Files.writeString(
          file,
          "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>t</title></head><body>"
              + body
              + "</body></opml>",
          StandardCharsets.UTF_8);
      return file;
    }

    @Test
    void importsWhatItCanAndSaysWhyNotTheRest() throws IOException {
      String base = services.feeds().baseUrl();
      Path file =
          opml(
              "<outline text=\"News\">"
                  + "<outline text=\"Gazette\" type=\"rss\" xmlUrl=\""
                  + base
                  + "harbor-gazette.rss\"/>"
                  + "<outline text=\"Wire\" type=\"rss\" xmlUrl=\""
                  + base
                  + "coastal-wire.atom\"/>"
                  + "</outline>"
                  + "<outline text=\"Weekly\" type=\"rss\" xmlUrl=\""
                  + base
                  + "tinkerers-weekly.rss\"/>"
                  + "<outline text=\"Again\" type=\"rss\" xmlUrl=\""
                  + base
                  + "harbor-gazette.rss\"/>"
                  + "<outline text=\"No address\" type=\"rss\"/>"
                  + "<outline text=\"Old\" type=\"rss\" xmlUrl=\"ftp://files.example/feed.xml\"/>");
      String user = unique("importer");
      CliRun run = cli("import-opml", file.toString(), "--user", user, "--json");
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.PARTIAL);
      JsonNode doc = JSON.readTree(run.out());
      assertThat(doc.get("feeds").asInt()).isEqualTo(6);
      assertThat(doc.get("subscribed").asInt()).isEqualTo(3);
      assertThat(doc.get("alreadyFollowed").asInt()).isZero();
      assertThat(doc.get("duplicates").asInt()).isEqualTo(1);
      assertThat(doc.get("failed")).hasSize(2);
      assertThat(doc.get("failed").get(0).asText()).contains("'No address' has no xmlUrl");
      assertThat(doc.get("failed").get(1).asText()).contains("ftp://files.example/feed.xml");

      JsonNode export = json(cli("export-opml", "--user", user, "--json"));
      assertThat(export.get("outlines")).hasSize(3);
      assertThat(export.toString()).contains("\"folder\":\"News\"");

      CliRun text = cli("import-opml", file.toString(), "--user", user);
      assertThat(text.code()).isEqualTo(ExitCodes.PARTIAL);
      assertThat(text.out())
          .contains("Imported 3 of 5 feeds for " + user + " (1 listed twice, imported once).")
          .contains(
              "3 of them were followed already and kept their own title, folder and priority.")
          .contains("2 not imported:")
          .contains("  - outline 'No address' has no xmlUrl");
    }

    /**
     * Two spellings of one feed are one duplicate, counted as the store tells feeds apart: sent
     * twice, the second came back "followed already", and the summary said the reader's own title,
     * folder and priority had been kept for a feed they had never followed.
     */
    @Test
    void anotherSpellingOfAFeedIsADuplicateNotAFeedFollowedAlready() throws IOException {
      String base = services.feeds().baseUrl(); // http://127.0.0.1:PORT/
      String shouted = "HTTP" + base.substring("http".length()) + "coastal-wire.atom#top";
      Path file =
          opml(
              "<outline text=\"Wire\" type=\"rss\" xmlUrl=\""
                  + base
                  + "coastal-wire.atom\"/>"
                  + "<outline text=\"Wire again\" type=\"rss\" xmlUrl=\""
                  + shouted
                  + "\"/>");
      String user = unique("spellings");
      JsonNode doc = json(cli("import-opml", file.toString(), "--user", user, "--json"));
      assertThat(doc.get("duplicates").asInt()).isEqualTo(1);
      assertThat(doc.get("subscribed").asInt()).isEqualTo(1);
      assertThat(doc.get("alreadyFollowed").asInt()).isZero();
      assertThat(doc.get("failed")).isEmpty();

      CliRun text = cli("import-opml", file.toString(), "--user", unique("spellings"));
      assertThat(text.code()).as(text.toString()).isZero();
      assertThat(text.out())
          .contains("Imported 1 of 1 feeds")
          .contains("(1 listed twice, imported once)")
          .doesNotContain("followed already");
    }

    @Test
    void drawsAProgressBarOnATerminal() throws IOException {
      String base = services.feeds().baseUrl();
      Path file =
          opml("<outline text=\"Wire\" type=\"rss\" xmlUrl=\"" + base + "coastal-wire.atom\"/>");
      CliRun run =
          CliRun.run(services.env(), true, "import-opml", file.toString(), "--user", unique("tty"));
      assertThat(run.code()).as(run.toString()).isZero();
      assertThat(run.err()).contains("] 1/1 feeds");
      assertThat(run.out()).contains("Imported 1 of 1 feeds");
      CliRun piped = cli("import-opml", file.toString(), "--user", unique("pipe"));
      assertThat(piped.err()).doesNotContain("feeds");
    }

    @Test
    void refusesAFileWithADoctype() throws IOException {
      Path file = dir.resolve(unique("xxe") + ".opml");
      Files.writeString(
          file,
          "<?xml version=\"1.0\"?><!DOCTYPE opml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
              + "<opml><body><outline text=\"&x;\" xmlUrl=\"https://a.example/\"/></body></opml>");
      CliRun run = cli("import-opml", file.toString(), "--user", unique("xxe"));
      assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(run.err()).contains("is not a usable OPML file").contains("DOCTYPE");
    }

    @Test
    void saysWhenTheFileIsMissing() {
      CliRun run = cli("import-opml", dir.resolve("missing.opml").toString());
      assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(run.err()).contains("no such file: ").contains("missing.opml");
    }
  }

  @Nested
  class Operating {
    @Test
    void statusShowsServicesQueueAndChangeFeed() throws IOException {
      demoReader();
      CliRun run = cli("status", "--json");
      JsonNode doc = json(run);
      assertThat(doc.get("healthy").asBoolean()).isTrue();
      JsonNode svc = doc.get("services");
      assertThat(svc).hasSize(4);
      for (int i = 0; i < 3; i++) {
        assertThat(svc.get(i).get("up").asBoolean()).as(svc.get(i).toString()).isTrue();
        assertThat(svc.get(i).get("ready").asBoolean()).isTrue();
        assertThat(svc.get(i).get("catalogueVersion").asText()).isNotBlank();
      }
      assertThat(svc.get(0).get("name").asText()).isEqualTo("store");
      assertThat(svc.get(3).get("name").asText()).isEqualTo("web");
      assertThat(svc.get(3).get("up").asBoolean()).isFalse();
      assertThat(doc.get("queue").get("totalFeeds").asLong()).isGreaterThanOrEqualTo(3);
      assertThat(doc.get("queue").get("totalEntries").asLong()).isGreaterThanOrEqualTo(14);
      JsonNode cf = doc.get("changeFeed");
      assertThat(cf.get("headSequence").asLong()).isGreaterThanOrEqualTo(14);
      assertThat(cf.get("rankerCursor").isNumber()).as(cf.toString()).isTrue();
      assertThat(cf.get("lag").asLong()).isBetween(0L, cf.get("headSequence").asLong());

      CliRun text = cli("status");
      assertThat(text.code()).as(text.toString()).isZero();
      assertThat(text.out())
          .contains("Services")
          .containsPattern("store +127\\.0\\.0\\.1:\\d+ +up")
          .contains("web")
          .contains("DOWN")
          .contains("Fetch queue")
          .contains("Change feed")
          .contains("entries behind")
          .contains("All services up.");
    }

    @Test
    void statusListsFailingFeedsAndWhy() throws IOException {
      String broken = services.feeds().baseUrl() + unique("gone") + ".rss";
      CliRun sub = cli("subscribe", broken, "--no-discover", "--user", unique("ops"), "--json");
      long feedId = json(sub).get("subscription").get("feedId").asLong();
      CliRun refresh = cli("refresh", Long.toString(feedId), "--wait", "20", "--json");
      assertThat(refresh.code()).as(refresh.toString()).isEqualTo(ExitCodes.FAILED);
      JsonNode r = JSON.readTree(refresh.out());
      assertThat(r.get("fetched").asBoolean()).isTrue();
      assertThat(r.get("lastError").asText()).contains("404");

      JsonNode status = json(cli("status", "--json", "--failing", "100"));
      JsonNode row = null;
      for (JsonNode f : status.get("failingFeeds")) {
        if (f.get("feedId").asLong() == feedId) {
          row = f;
        }
      }
      assertThat(row).as(status.toString()).isNotNull();
      assertThat(row.get("consecutiveErrors").asInt()).isPositive();
      assertThat(row.get("lastError").asText()).contains("404");
      assertThat(cli("status").out()).contains("feed " + feedId + " " + broken + ": ");
    }

    @Test
    void refreshFetchesNowByIdOrUrl() throws IOException {
      String user = demoReader();
      String url = services.feeds().baseUrl() + "harbor-gazette.rss";
      CliRun byUrl = cli("refresh", url, "--user", user, "--wait", "20", "--json");
      JsonNode doc = json(byUrl);
      assertThat(doc.get("scheduled").asBoolean()).isTrue();
      assertThat(doc.get("fetched").asBoolean()).isTrue();
      assertThat(doc.get("lastStatus").asInt()).isEqualTo(200);
      assertThat(doc.get("entries").asLong()).isEqualTo(5);

      CliRun byId = cli("refresh", doc.get("feedId").asText());
      assertThat(byId.code()).as(byId.toString()).isZero();
      assertThat(byId.out()).contains("is due now");
    }

    /**
     * A 410 is reported without an error but leaves the feed GONE, no longer polled: --wait says so
     * and exits 1, as docs/CLI.md promises, instead of showing a fetch that went well.
     */
    @Test
    void refreshWaitFailsWhenTheFeedAnswersGone() throws IOException {
      AtomicBoolean gone = new AtomicBoolean();
      HttpServer site =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      site.createContext(
          "/",
          exchange -> {
            byte[] rss =
                ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Soon gone</title>"
                        + "<item><guid>one</guid><title>One</title></item></channel></rss>")
                    .getBytes(StandardCharsets.UTF_8);
            if (gone.get()) {
              exchange.sendResponseHeaders(410, -1);
            } else {
              exchange.getResponseHeaders().set("Content-Type", "application/rss+xml");
              exchange.sendResponseHeaders(200, rss.length);
              exchange.getResponseBody().write(rss);
            }
            exchange.close();
          });
      site.start();
      try {
        String base = "http://127.0.0.1:" + site.getAddress().getPort() + "/";
        String user = unique("gone-reader");
        long first = subscribe(base + "first.rss", user);
        long second = subscribe(base + "second.rss", user);
        for (long feedId : List.of(first, second)) {
          CliRun ok = cli("refresh", Long.toString(feedId), "--wait", "20", "--json");
          assertThat(json(ok).get("lastStatus").asInt()).isEqualTo(200);
        }
        gone.set(true);

        CliRun asJson = cli("refresh", Long.toString(first), "--wait", "20", "--json");
        assertThat(asJson.code()).as(asJson.toString()).isEqualTo(ExitCodes.FAILED);
        JsonNode r = JSON.readTree(asJson.out());
        assertThat(r.get("fetched").asBoolean()).isTrue();
        assertThat(r.get("lastStatus").asInt()).isEqualTo(410);
        assertThat(r.get("state").asText()).isEqualTo("GONE");

        CliRun asText = cli("refresh", Long.toString(second), "--wait", "20");
        assertThat(asText.code()).as(asText.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(asText.out())
            .contains("Feed " + second + " fetched at ")
            .contains("HTTP 410; the feed is now GONE and no longer polled.");
      } finally {
        site.stop(0);
      }
    }

    private long subscribe(String url, String user) throws IOException {
      CliRun sub = cli("subscribe", url, "--no-discover", "--user", user, "--json");
      return json(sub).get("subscription").get("feedId").asLong();
    }

    @Test
    void refreshOfAnUnknownFeedFails() {
      CliRun run = cli("refresh", "987654321");
      assertThat(run.code()).isEqualTo(ExitCodes.FAILED);
      assertThat(run.err()).contains("refreshFeed failed: NOT_FOUND");
      CliRun notFollowed =
          cli("refresh", "https://nowhere.example/feed.xml", "--user", demoUserWithoutFeeds());
      assertThat(notFollowed.code()).isEqualTo(ExitCodes.FAILED);
      assertThat(notFollowed.err()).contains("does not follow https://nowhere.example/feed.xml");
    }

    private String demoUserWithoutFeeds() {
      String user = unique("empty");
      services.store().createUser(user);
      return user;
    }
  }

  @Nested
  class Arguments {
    @Test
    void everySubcommandHasHelp() {
      for (String sub :
          List.of(
              "subscribe",
              "import-opml",
              "export-opml",
              "river",
              "digest",
              "status",
              "refresh",
              "demo-feeds",
              "demo-setup")) {
        CliRun run = cli(sub, "--help");
        assertThat(run.code()).as(sub).isZero();
        assertThat(run.out()).as(sub).contains("Usage: inkzee " + sub);
      }
      CliRun top = cli("--help");
      assertThat(top.out()).contains("Exit codes:").contains("INKZEE_STORE_ENDPOINTS");
    }

    @Test
    void badArgumentsExitTwoWithAMessage() {
      assertUsage(cli("river", "--limit", "0"), "--limit 0 is outside 1..1000");
      assertUsage(cli("river", "--order", "sideways"), "--order 'sideways' is not one of");
      assertUsage(cli("river", "--feed", "1", "--folder", "x"), "not both");
      assertUsage(cli("digest"), "Missing required option: '--minutes=N'");
      assertUsage(cli("digest", "--minutes", "0"), "--minutes 0 is outside 1..1440");
      assertUsage(cli("digest", "--minutes", "lots"), "Invalid value for option '--minutes'");
      assertUsage(cli("refresh", "--wait", "0", "1"), "--wait 0 is outside 1..600");
      assertUsage(cli("refresh", "ftp://x"), "neither a feed id nor an http(s) feed URL");
      assertUsage(cli("subscribe"), "Missing required parameter: 'URL'");
      assertUsage(cli("frobnicate"), "Unmatched argument");
      assertUsage(cli(), "a subcommand is required");
      assertUsage(
          CliRun.run(services.envWith("INKZEE_STORE_ENDPOINTS", "nohost"), "river"),
          "INKZEE_STORE_ENDPOINTS=nohost is not a host:port list");
    }

    private void assertUsage(CliRun run, String message) {
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(run.err()).as(run.toString()).contains(message);
    }
  }
}
