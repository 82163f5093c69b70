package com.inkzee.web.greader;

import static com.inkzee.web.greader.GReaderClient.enc;
import static com.inkzee.web.greader.GReaderClient.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.inkzee.ranker.testing.SiteServer;
import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.web.WebMain;
import com.inkzee.web.apps.AppPasswords;
import com.inkzee.web.greader.GReaderClient.Reply;
import com.inkzee.web.http.WebRequest;
import com.inkzee.web.http.WebResponse;
import com.inkzee.web.testing.ApiClient;
import com.inkzee.web.testing.RawHttp;
import com.inkzee.web.testing.WebStack;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Google Reader API over real HTTP against the real backend ({@link WebStack}: store on the
 * embedded database, fetcher, ranker, web), as a reading app calls it. The request and response
 * shapes checked here are written from the public descriptions of the dialect, not from our code:
 *
 * <ul>
 *   <li>FreshRSS's documentation,
 *       https://freshrss.github.io/FreshRSS/en/developers/06_GoogleReader_API.html, and its
 *       implementation p/api/greader.php (github.com/FreshRSS/FreshRSS): ClientLogin's {@code SID=
 *       / LSID= / Auth=} lines, the 57-character POST token, {@code subscription/list} ({@code id
 *       feed/<id>}, title, categories, url, htmlUrl), {@code tag/list}, {@code unread-count}
 *       ({@code max}, {@code unreadcounts} with {@code newestItemTimestampUsec} as a string),
 *       stream items ({@code entriesToArray}), {@code itemRefs}, {@code continuation}, {@code
 *       edit-tag}, {@code mark-all-as-read} answering {@code OK};
 *   <li>Miniflux's internal/googlereader/README.md (github.com/miniflux/v2): ClientLogin with
 *       {@code output=json}, {@code user-info}, {@code quickadd} ({@code numResults}, {@code
 *       query}, {@code streamId}, {@code streamName}; {@code numResults 0} when nothing is found),
 *       {@code subscription/edit} ({@code ac}, {@code s}, {@code t}, {@code a}), the item example
 *       of {@code stream/items/contents}, item ids in long and short form, 401 with {@code
 *       X-Reader-Google-Bad-Token};
 *   <li>the google-reader-api wiki FreshRSS cites (ApiSubscriptionEdit, ActionToken, ItemId) and
 *       FeedHQ's API reference (feedhq.readthedocs.io/en/latest/api/reference.html) for {@code
 *       unread-count}.
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GReaderApiTest {
  private static final AtomicInteger UNIQUE = new AtomicInteger();
  private static final String PASSWORD = "a long enough password";
  private static final Duration FETCH_WAIT = Duration.ofSeconds(30);

  @TempDir static Path dir;
  private WebStack stack;
  private AppPasswords passwords;

  @BeforeAll
  void start() throws Exception {
    stack = new WebStack(dir);
    passwords = new AppPasswords(stack.web.ranker(), Clock.systemUTC());
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  /** A reader signed up on the web page, and an app signed in with one of their app passwords. */
  record Reader(long userId, String name, String password, ApiClient web, GReaderClient app) {}

  private Reader reader(String base, boolean rankedOrder) {
    String n = base + UNIQUE.incrementAndGet();
    ApiClient web = new ApiClient(stack.baseUrl());
    assertThat(web.signIn("/api/signup", n, PASSWORD).status()).isEqualTo(201);
    long userId = web.get("/api/session").json().path("user").path("id").asLong();
    String password = passwords.create(userId, "Reeder", rankedOrder, n).password();
    GReaderClient app = new GReaderClient(stack.baseUrl());
    assertThat(app.login(n, password).status()).isEqualTo(200);
    return new Reader(userId, n, password, web, app);
  }

  private RankerService ranker() {
    return stack.web.ranker().ranker();
  }

  /**
   * Serves an RSS feed of {@code items} (title, guid pairs) and subscribes; returns the feed id.
   */
  private long follow(Reader r, String folder, String... titlesAndGuids) {
    String path = "/gr-" + UNIQUE.incrementAndGet() + ".xml";
    stack.site.serve(
        path,
        "application/rss+xml",
        com.inkzee.ranker.testing.SiteServer.rss(
            "Feed " + path, stack.site.url("/site" + path), titlesAndGuids));
    return ranker()
        .subscribe(new SubscribeRequest(r.userId(), stack.site.url(path), null, folder, 0))
        .subscription()
        .feedId();
  }

  /** The decimal ids of a stream, once the fetcher has brought {@code expected} items in. */
  private List<String> awaitIds(Reader r, String stream, int expected) {
    List<String> ids = new ArrayList<>();
    await()
        .atMost(FETCH_WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              ids.clear();
              Reply rep =
                  r.app().get("/reader/api/0/stream/items/ids?output=json&n=1000&s=" + enc(stream));
              rep.json().path("itemRefs").forEach(i -> ids.add(i.path("id").asText()));
              return ids.size() >= expected;
            });
    return ids;
  }

  /**
   * Stores one entry straight into {@code feedId} through the store's ingest, as another client
   * would, not through the fetcher; {@code key} is also its guid.
   */
  private void ingestOne(
      long feedId,
      String key,
      String url,
      String title,
      String summary,
      String content,
      Instant published,
      long fingerprint) {
    stack
        .store
        .store()
        .ingestEntries(
            new IngestRequest(
                feedId,
                List.of(
                    new EntryInput(
                        key,
                        key,
                        url,
                        title,
                        null,
                        summary,
                        content,
                        List.of(),
                        List.of(),
                        published,
                        null,
                        fingerprint,
                        "en"))));
  }

  /**
   * Stores {@code count} entries straight into a feed of {@code r}'s, through the store's ingest.
   */
  private long seed(Reader r, int count, Instant newest) {
    return seed(r, count, newest, null);
  }

  /** As {@link #seed(Reader, int, Instant)}, each entry with {@code content}. */
  private long seed(Reader r, int count, Instant newest, String content) {
    String path = "/seed-" + UNIQUE.incrementAndGet() + ".xml";
    stack.site.serve(
        path,
        "application/rss+xml",
        com.inkzee.ranker.testing.SiteServer.rss("Seed", stack.site.url("/")));
    long feedId =
        ranker()
            .subscribe(new SubscribeRequest(r.userId(), stack.site.url(path), "Seeded", null, 0))
            .subscription()
            .feedId();
    SplittableRandom random = new SplittableRandom(count);
    List<EntryInput> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String key = "seed-" + feedId + "-" + i;
      batch.add(
          new EntryInput(
              key,
              key,
              "https://example.org/" + key,
              "Seeded story " + i,
              null,
              "<p>Story " + i + "</p>",
              content,
              List.of(),
              List.of(),
              newest.minusSeconds(i),
              null,
              random.nextLong(),
              "en"));
      // Batches of large entries stay well under the 16 MiB frame.
      if (batch.size() == (content == null ? 1000 : 4) || i == count - 1) {
        stack.store.store().ingestEntries(new IngestRequest(feedId, List.copyOf(batch)));
        batch.clear();
      }
    }
    return feedId;
  }

  @Test
  void clientLoginAnswersTheAuthTokenAsTextOrJsonAndTheTokenAndUserInfoFollow() {
    Reader r = reader("login", false);
    GReaderClient app = new GReaderClient(stack.baseUrl());
    Reply text = app.post("/accounts/ClientLogin", form("Email", r.name(), "Passwd", r.password()));
    assertThat(text.status()).isEqualTo(200);
    String auth = AppPasswords.authToken(r.name(), r.password());
    assertThat(text.body()).isEqualTo("SID=" + auth + "\nLSID=" + auth + "\nAuth=" + auth + "\n");
    assertThat(text.header("Content-Type")).startsWith("text/plain");

    Reply json =
        app.send(
            "GET",
            "/accounts/ClientLogin?output=json&Email="
                + enc(r.name())
                + "&Passwd="
                + enc(r.password()),
            null);
    assertThat(json.status()).isEqualTo(200);
    assertThat(json.json().path("Auth").asText()).isEqualTo(auth);
    assertThat(json.json().path("SID").asText()).isEqualTo(auth);

    Reply token = r.app().get("/reader/api/0/token");
    assertThat(token.status()).isEqualTo(200);
    assertThat(token.body().strip()).hasSize(57);

    JsonNode info = r.app().get("/reader/api/0/user-info").json();
    assertThat(info.path("userId").asText()).isEqualTo(Long.toString(r.userId()));
    assertThat(info.path("userName").asText()).isEqualTo(r.name());
    assertThat(info.path("userProfileId").asText()).isEqualTo(Long.toString(r.userId()));
    // No cookie was ever set: these routes do not use the page's session.
    assertThat(token.header("Set-Cookie")).isNull();
  }

  /**
   * A name with a letter beyond ASCII: the token ClientLogin answers is ASCII, so an app sending it
   * back as the UTF-8 bytes it holds is known (HTTP headers are read as ISO-8859-1, which once
   * turned {@code josé} into {@code josÃ©} and every call into a 401). An ASCII name's token is the
   * name itself, as before, so tokens already issued keep working.
   */
  @Test
  void aNameBeyondAsciiGetsAnAsciiTokenThatWorks() throws Exception {
    Reader r = reader("jos\u00e9", false);
    Reply login =
        new GReaderClient(stack.baseUrl())
            .post("/accounts/ClientLogin", form("Email", r.name(), "Passwd", r.password()));
    assertThat(login.status()).isEqualTo(200);
    String auth = login.body().lines().filter(l -> l.startsWith("Auth=")).findFirst().orElseThrow();
    auth = auth.substring("Auth=".length());
    assertThat(auth).matches("[\\x21-\\x7e]+").startsWith("jos%C3%A9");
    try (RawHttp http = new RawHttp(stack.web.port())) {
      String utf8AsSent =
          new String(
              ("Authorization: GoogleLogin auth=" + auth).getBytes(StandardCharsets.UTF_8),
              StandardCharsets.ISO_8859_1);
      http.write(
          "GET /api/greader/reader/api/0/user-info?output=json HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + utf8AsSent
              + "\r\n\r\n");
      RawHttp.Answer info = http.read(false);
      assertThat(info.status()).isEqualTo(200);
      assertThat(info.body()).contains("\"userName\":\"" + r.name() + "\"");
    }
    assertThat(r.app().get("/reader/api/0/user-info").status()).isEqualTo(200);
    assertThat(AppPasswords.authToken("ann_7.x-y", "pw")).startsWith("ann_7.x-y/").hasSize(74);
  }

  @Test
  void aWrongOrRevokedAppPasswordIsRefusedAndARevokedOnesTokenStopsWorking() throws Exception {
    Reader r = reader("revoke", false);
    GReaderClient other = new GReaderClient(stack.baseUrl());
    for (String[] bad :
        List.of(
            new String[] {r.name(), "wrong-password"},
            new String[] {r.name(), PASSWORD}, // the web password is not an app password
            new String[] {r.name() + "x", r.password()})) {
      Reply refused = other.login(bad[0], bad[1]);
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.body()).isEqualTo("Error=BadAuthentication\n");
    }
    Reply missing = other.post("/accounts/ClientLogin", form("Email", r.name()), false);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body()).contains("Passwd");

    long id =
        passwords.list(r.userId()).stream()
            .filter(p -> p.label().equals("Reeder"))
            .findFirst()
            .orElseThrow()
            .id();
    assertThat(passwords.revoke(r.userId(), id)).isTrue();

    // Another web instance has nothing remembered: refused at once.
    try (WebMain.Running fresh = stack.startWeb(Map.of())) {
      GReaderClient there = new GReaderClient("http://127.0.0.1:" + fresh.port());
      assertThat(there.login(r.name(), r.password()).status()).isEqualTo(401);
      there.auth = r.app().auth;
      Reply call = there.get("/reader/api/0/subscription/list?output=json");
      assertThat(call.status()).isEqualTo(401);
      assertThat(call.header("X-Reader-Google-Bad-Token")).isEqualTo("true");
      assertThat(call.body()).contains("revoked");
    }
    // The instance the app used forgets what it remembered within AppPasswords' 10 s.
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> r.app().get("/reader/api/0/user-info").status() == 401);
    assertThat(new GReaderClient(stack.baseUrl()).login(r.name(), r.password()).status())
        .isEqualTo(401);
  }

  @Test
  void aPasswordMadeOnThePageWorksAndRevokingItThereStopsTheAppAtOnce() {
    Reader r = reader("page", false);
    ApiClient.Reply made = r.web().post("/api/app-passwords", "{\"label\":\"NetNewsWire\"}");
    assertThat(made.status()).isEqualTo(201);
    assertThat(made.json().path("servers").path("googleReader").asText())
        .isEqualTo(stack.baseUrl() + "/api/greader");
    long id = made.json().path("appPassword").path("id").asLong();
    GReaderClient app = new GReaderClient(stack.baseUrl());
    assertThat(app.login(r.name(), made.json().path("password").asText()).status()).isEqualTo(200);
    assertThat(app.get("/reader/api/0/user-info").status()).isEqualTo(200);

    assertThat(r.web().send("DELETE", "/api/app-passwords/" + id, null, Map.of()).status())
        .isEqualTo(204);
    // The page and this API share one AppPasswords: no 10-second grace on this instance.
    Reply after = app.get("/reader/api/0/user-info");
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.body()).contains("revoked");
    // The reader's other app password is untouched.
    assertThat(r.app().get("/reader/api/0/user-info").status()).isEqualTo(200);
  }

  @Test
  void everyCallNeedsTheAuthHeaderAndEveryPostTheToken() {
    Reader r = reader("auth", false);
    GReaderClient anonymous = new GReaderClient(stack.baseUrl());
    Reply none = anonymous.get("/reader/api/0/subscription/list?output=json");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.body()).contains("GoogleLogin auth=");
    anonymous.auth = r.name() + "/" + "0".repeat(64);
    assertThat(anonymous.get("/reader/api/0/user-info").status()).isEqualTo(401);

    String edit = form("i", "1", "a", "user/-/state/com.google/read");
    // A token of another sign-in (stale, or another app's) is refused...
    String otherAuth = AppPasswords.authToken(r.name(), "another-password");
    Reply badT =
        r.app().post("/reader/api/0/edit-tag", edit + "&T=" + PostToken.forAuth(otherAuth), false);
    assertThat(badT.status()).isEqualTo(401);
    assertThat(badT.body()).contains("T");
    assertThat(badT.header("X-Reader-Google-Bad-Token")).isEqualTo("true");
    Reply garbageT = r.app().post("/reader/api/0/edit-tag", edit + "&T=nonsense", false);
    assertThat(garbageT.status()).isEqualTo(401);
    // ...but, as FreshRSS does for FeedMe (no T) and Reeder 4 (T=x), not a missing one or "x":
    // the auth header already proves the call is the app's own.
    assertThat(r.app().post("/reader/api/0/edit-tag", edit, false).status()).isEqualTo(200);
    assertThat(r.app().post("/reader/api/0/edit-tag", edit + "&T=x", false).status())
        .isEqualTo(200);
    // The page's cookie and CSRF machinery plays no part: no Origin, no cookie, and it works.
    assertThat(r.app().post("/reader/api/0/edit-tag", edit).status()).isEqualTo(200);

    Reply wrongMethod = r.app().get("/reader/api/0/edit-tag?i=1");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(r.app().get("/reader/api/0/no-such-call").status()).isEqualTo(404);
  }

  /**
   * End to end: the icon a feed declares is taken by the real fetcher from the loopback site, kept
   * by the store and listed by subscription/list ({@code iconUrl}, "" when unknown, as before) and
   * by the web reader's own /api/subscriptions (null when unknown).
   */
  @Test
  void subscriptionListsCarryTheIconTheFeedDeclares() {
    Reader r = reader("icons", false);
    String withIcon = "/icon-" + UNIQUE.incrementAndGet() + ".xml";
    stack.site.serve(
        withIcon,
        "application/rss+xml",
        SiteServer.rss("Iconic", stack.site.url("/home"), "One", "i1")
            .replaceFirst(
                "<channel>",
                "<channel><image><url>/img/iconic.png</url><title>Iconic</title>"
                    + "<link>"
                    + stack.site.url("/home")
                    + "</link></image>"));
    String plain = "/plain-" + UNIQUE.incrementAndGet() + ".xml";
    stack.site.serve(
        plain,
        "application/rss+xml",
        SiteServer.rss("Plain", stack.site.url("/home"), "Two", "p1"));
    String iconStream = quickadd(r, stack.site.url(withIcon));
    String plainStream = quickadd(r, stack.site.url(plain));
    awaitIds(r, iconStream, 1);
    awaitIds(r, plainStream, 1);
    String icon = stack.site.url("/img/iconic.png");

    Map<String, String> greader = new java.util.HashMap<>();
    await()
        .atMost(FETCH_WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              greader.clear();
              r.app()
                  .get("/reader/api/0/subscription/list?output=json")
                  .json()
                  .path("subscriptions")
                  .forEach(s -> greader.put(s.path("id").asText(), s.path("iconUrl").asText()));
              return icon.equals(greader.get(iconStream));
            });
    assertThat(greader).containsEntry(plainStream, "");

    Map<String, JsonNode> web = new java.util.HashMap<>();
    r.web()
        .get("/api/subscriptions")
        .json()
        .path("subscriptions")
        .forEach(s -> web.put("feed/" + s.path("feedId").asLong(), s));
    assertThat(web.get(iconStream).path("iconUrl").asText()).isEqualTo(icon);
    assertThat(
            web.get(plainStream).path("iconUrl").isMissingNode()
                || web.get(plainStream).path("iconUrl").isNull())
        .as("no icon: null or absent, never a made-up one")
        .isTrue();
  }

  private String quickadd(Reader r, String url) {
    Reply added = r.app().post("/reader/api/0/subscription/quickadd", form("quickadd", url));
    assertThat(added.status()).isEqualTo(200);
    return added.json().path("streamId").asText();
  }

  @Test
  void subscriptionsFoldersAndUnreadCountsThroughQuickaddEditAndLists() {
    Reader r = reader("subs", false);
    String path = "/qa-" + UNIQUE.incrementAndGet() + ".xml";
    stack.site.serve(
        path,
        "application/rss+xml",
        com.inkzee.ranker.testing.SiteServer.rss(
            "Quick feed", stack.site.url("/home"), "One", "q1", "Two", "q2"));
    Reply added =
        r.app().post("/reader/api/0/subscription/quickadd", form("quickadd", stack.site.url(path)));
    assertThat(added.status()).isEqualTo(200);
    JsonNode a = added.json();
    assertThat(a.path("numResults").asInt()).isEqualTo(1);
    assertThat(a.path("query").asText()).isEqualTo(stack.site.url(path));
    String stream = a.path("streamId").asText();
    assertThat(stream).matches("feed/\\d+");
    assertThat(a.path("streamName").asText()).isNotEmpty();

    stack.site.serve("/no-feed.html", "text/html", "<html><body>nothing here</body></html>");
    JsonNode none =
        r.app()
            .post(
                "/reader/api/0/subscription/quickadd",
                form("quickadd", stack.site.url("/no-feed.html")))
            .json();
    assertThat(none.path("numResults").asInt()).isZero();

    List<String> ids = awaitIds(r, stream, 2);
    // Star one, then rename and move the feed: the marks must survive (same subscription).
    assertThat(
            r.app()
                .post(
                    "/reader/api/0/edit-tag",
                    form("i", ids.get(0), "a", "user/-/state/com.google/starred"))
                .status())
        .isEqualTo(200);
    Reply edit =
        r.app()
            .post(
                "/reader/api/0/subscription/edit",
                form("ac", "edit", "s", stream, "t", "Renamed", "a", "user/-/label/Tech"));
    assertThat(edit.status()).isEqualTo(200);
    assertThat(edit.body()).isEqualTo("OK");

    JsonNode subs = r.app().get("/reader/api/0/subscription/list?output=json").json();
    JsonNode sub = subs.path("subscriptions").get(0);
    assertThat(sub.path("id").asText()).isEqualTo(stream);
    assertThat(sub.path("title").asText()).isEqualTo("Renamed");
    assertThat(sub.path("url").asText()).isEqualTo(stack.site.url(path));
    assertThat(sub.path("htmlUrl").asText()).isEqualTo(stack.site.url("/home"));
    assertThat(sub.path("categories").get(0).path("id").asText()).isEqualTo("user/-/label/Tech");
    assertThat(sub.path("categories").get(0).path("label").asText()).isEqualTo("Tech");

    JsonNode tags = r.app().get("/reader/api/0/tag/list?output=json").json().path("tags");
    List<String> tagIds = new ArrayList<>();
    tags.forEach(t -> tagIds.add(t.path("id").asText()));
    assertThat(tagIds).containsExactly("user/-/state/com.google/starred", "user/-/label/Tech");

    JsonNode starred =
        r.app()
            .get("/reader/api/0/stream/contents/user/-/state/com.google/starred?output=json")
            .json();
    assertThat(starred.path("items")).hasSize(1);
    assertThat(starred.path("items").get(0).path("id").asText())
        .isEqualTo(ItemIds.longForm(Long.parseLong(ids.get(0))));

    JsonNode counts = r.app().get("/reader/api/0/unread-count?output=json").json();
    assertThat(counts.path("max").asInt()).isEqualTo(2);
    Map<String, Integer> byId = new java.util.HashMap<>();
    counts
        .path("unreadcounts")
        .forEach(c -> byId.put(c.path("id").asText(), c.path("count").asInt()));
    assertThat(byId)
        .containsEntry(stream, 2)
        .containsEntry("user/-/label/Tech", 2)
        .containsEntry("user/-/state/com.google/reading-list", 2);
    assertThat(counts.path("unreadcounts").get(0).path("newestItemTimestampUsec").asText())
        .matches("\\d{16}");

    // r= takes it out of the folder; unsubscribe removes it.
    r.app()
        .post(
            "/reader/api/0/subscription/edit",
            form("ac", "edit", "s", stream, "r", "user/-/label/Tech"));
    assertThat(
            r.app()
                .get("/reader/api/0/subscription/list?output=json")
                .json()
                .path("subscriptions")
                .get(0)
                .path("categories"))
        .isEmpty();
    assertThat(
            r.app()
                .post("/reader/api/0/subscription/edit", form("ac", "unsubscribe", "s", stream))
                .status())
        .isEqualTo(200);
    assertThat(
            r.app().get("/reader/api/0/subscription/list?output=json").json().path("subscriptions"))
        .isEmpty();
  }

  @Test
  void renameTagMovesAFoldersFeedsAndDisableTagTakesThemOutKeepingTheirMarks() {
    Reader r = reader("folders", false);
    long one = follow(r, "Wires", "Alpha", "f1");
    long two = follow(r, "Wires", "Beta", "f2");
    long elsewhere = follow(r, "Local", "Gamma", "f3");
    List<String> ids = awaitIds(r, "feed/" + one, 1);
    awaitIds(r, "feed/" + two, 1);
    r.app()
        .post("/reader/api/0/edit-tag", form("i", ids.get(0), "a", "user/-/state/com.google/read"));

    Reply renamed =
        r.app()
            .post(
                "/reader/api/0/rename-tag",
                form("s", "user/-/label/Wires", "dest", "user/-/label/News"));
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.body()).isEqualTo("OK");
    assertThat(foldersOf(r)).containsEntry(one, "News").containsEntry(two, "News");
    assertThat(foldersOf(r)).containsEntry(elsewhere, "Local");
    assertThat(tagIds(r))
        .containsExactly(
            "user/-/state/com.google/starred", "user/-/label/Local", "user/-/label/News");
    assertThat(unread(r, "feed/" + one)).as("the read mark stayed").isZero();

    // By plain name (t), into an existing folder: the two merge.
    r.app().post("/reader/api/0/rename-tag", form("t", "Local", "dest", "user/-/label/News"));
    assertThat(foldersOf(r))
        .containsEntry(one, "News")
        .containsEntry(two, "News")
        .containsEntry(elsewhere, "News");

    Reply disabled = r.app().post("/reader/api/0/disable-tag", form("s", "user/-/label/News"));
    assertThat(disabled.body()).isEqualTo("OK");
    assertThat(foldersOf(r)).containsOnlyKeys(one, two, elsewhere).doesNotContainValue("News");
    assertThat(tagIds(r)).containsExactly("user/-/state/com.google/starred");
    assertThat(unread(r, "feed/" + one)).isZero();
    assertThat(unread(r, "feed/" + two)).isEqualTo(1);

    // What cannot be done is said, and changes nothing.
    assertThat(
            r.app()
                .post(
                    "/reader/api/0/rename-tag",
                    form("s", "user/-/label/News", "dest", "user/-/label/X"))
                .status())
        .isEqualTo(404);
    Reply noDest = r.app().post("/reader/api/0/rename-tag", form("s", "user/-/label/News"));
    assertThat(noDest.status()).isEqualTo(400);
    assertThat(noDest.body()).contains("dest");
    assertThat(
            r.app()
                .post("/reader/api/0/disable-tag", form("s", "user/-/state/com.google/starred"))
                .status())
        .isEqualTo(400);
    assertThat(r.app().post("/reader/api/0/disable-tag", form()).status()).isEqualTo(400);
    assertThat(foldersOf(r)).doesNotContainValue("X");
  }

  @Test
  void subscriptionsExportAsOpmlAndAnOpmlDocumentImportsIntoFolders() {
    Reader r = reader("opml", false);
    long followed = follow(r, "Wires", "Alpha", "o1");
    Reply exported = r.app().get("/reader/api/0/subscription/export");
    assertThat(exported.status()).isEqualTo(200);
    assertThat(exported.raw().headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/x-opml");
    assertThat(exported.body()).contains("<opml").contains("Wires");
    String followedUrl =
        r.app()
            .get("/reader/api/0/subscription/list?output=json")
            .json()
            .path("subscriptions")
            .get(0)
            .path("url")
            .asText();
    assertThat(exported.body()).contains(followedUrl);

    String path = servedFeed("Imported feed", "Gamma", "o2");
    String opml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\"><head><title>t</title>"
            + "</head><body><outline text=\"Science\" title=\"Science\"><outline type=\"rss\""
            + " text=\"Imported\" xmlUrl=\""
            + stack.site.url(path)
            + "\"/></outline></body></opml>";
    Reply imported = r.app().postDocument("/reader/api/0/subscription/import", "text/xml", opml);
    assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    assertThat(imported.body()).isEqualTo("OK");
    Map<Long, String> folders = foldersOf(r);
    assertThat(folders).hasSize(2).containsEntry(followed, "Wires").containsValue("Science");

    Reply garbage =
        r.app().postDocument("/reader/api/0/subscription/import", "text/xml", "not opml at all");
    assertThat(garbage.status()).isEqualTo(400);
    Reply empty = r.app().postDocument("/reader/api/0/subscription/import", "text/xml", "");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.body()).contains("OPML");
    assertThat(foldersOf(r)).hasSize(2);

    String accentedPath = servedFeed("Accented feed", "Delta", "o3");
    // A file in Latin-1 that says so keeps its accents (the import takes text; the file is bytes).
    String latin1 =
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><opml version=\"2.0\"><body>"
            + "<outline text=\"Sciences appliquées\"><outline type=\"rss\" text=\"Été\" xmlUrl=\""
            + stack.site.url(accentedPath)
            + "\"/></outline></body></opml>";
    Reply accented =
        r.app()
            .postDocument(
                "/reader/api/0/subscription/import",
                "text/xml",
                latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThat(accented.status()).as(accented.body()).isEqualTo(200);
    assertThat(foldersOf(r)).containsValue("Sciences appliquées");
  }

  /** Serves a feed of one item at a fresh path of the loopback site; returns the path. */
  private String servedFeed(String title, String item, String guid) {
    String path = "/opml-" + UNIQUE.incrementAndGet() + ".xml";
    stack.site.serve(
        path,
        "application/rss+xml",
        com.inkzee.ranker.testing.SiteServer.rss(title, stack.site.url(path), item, guid));
    return path;
  }

  /** Feed id to folder (null-free: feeds without one are present with ""). */
  private Map<Long, String> foldersOf(Reader r) {
    Map<Long, String> folders = new java.util.HashMap<>();
    r.app()
        .get("/reader/api/0/subscription/list?output=json")
        .json()
        .path("subscriptions")
        .forEach(
            s ->
                folders.put(
                    Long.parseLong(s.path("id").asText().substring("feed/".length())),
                    s.path("categories").isEmpty()
                        ? ""
                        : s.path("categories").get(0).path("label").asText()));
    return folders;
  }

  private List<String> tagIds(Reader r) {
    List<String> ids = new ArrayList<>();
    r.app()
        .get("/reader/api/0/tag/list?output=json")
        .json()
        .path("tags")
        .forEach(t -> ids.add(t.path("id").asText()));
    return ids;
  }

  @Test
  void streamContentsShapesItemsAsTheDialectDoesWithSanitisedHtml() {
    Reader r = reader("items", false);
    String path = "/xss-" + UNIQUE.incrementAndGet() + ".xml";
    String site = stack.site.url("/xss-site");
    stack.site.serve(
        path,
        "application/rss+xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Risky"
            + "</title><link>"
            + site
            + "</link><description>d</description><item><title>Risky story</title>"
            + "<guid isPermaLink=\"false\">x1</guid><link>"
            + site
            + "/x1</link><author>ann@example.org (Ann)</author>"
            + "<pubDate>Mon, 02 Jan 2023 10:00:00 GMT</pubDate><description><![CDATA[<p>Kept"
            + " text</p><script>alert(1)</script><img src=\"javascript:alert(2)\""
            + " onerror=\"alert(3)\"><a href=\"https://example.org/\" onclick=\"x()\">link</a>"
            + "]]></description></item></channel></rss>");
    long feedId =
        ranker()
            .subscribe(new SubscribeRequest(r.userId(), stack.site.url(path), null, "News", 0))
            .subscription()
            .feedId();
    awaitIds(r, "feed/" + feedId, 1);

    for (String stream :
        List.of(
            "feed/" + feedId,
            "user/-/label/News",
            "user/-/state/com.google/reading-list",
            "user/" + r.userId() + "/state/com.google/reading-list")) {
      Reply rep = r.app().get("/reader/api/0/stream/contents/" + stream + "?output=json&n=10");
      assertThat(rep.status()).as(stream).isEqualTo(200);
      assertThat(rep.json().path("items")).as(stream).hasSize(1);
    }
    JsonNode page =
        r.app().get("/reader/api/0/stream/contents/feed%2F" + feedId + "?output=json").json();
    assertThat(page.path("id").asText()).isEqualTo("feed/" + feedId);
    assertThat(page.path("updated").asLong()).isPositive();
    assertThat(page.has("continuation")).isFalse();
    JsonNode item = page.path("items").get(0);
    assertThat(item.path("id").asText()).matches("tag:google\\.com,2005:reader/item/[0-9a-f]{16}");
    assertThat(item.path("crawlTimeMsec").asText()).matches("\\d{13}");
    assertThat(item.path("timestampUsec").asText()).matches("\\d{16}");
    assertThat(item.path("timestampUsec").asText()).startsWith(item.path("crawlTimeMsec").asText());
    assertThat(item.path("published").asLong()).isEqualTo(1_672_653_600L);
    assertThat(item.path("updated").isNumber()).isTrue();
    assertThat(item.path("title").asText()).isEqualTo("Risky story");
    assertThat(item.path("canonical").get(0).path("href").asText()).isEqualTo(site + "/x1");
    assertThat(item.path("alternate").get(0).path("href").asText()).isEqualTo(site + "/x1");
    assertThat(item.path("author").asText()).contains("Ann");
    assertThat(item.path("origin").path("streamId").asText()).isEqualTo("feed/" + feedId);
    assertThat(item.path("origin").path("title").asText()).isEqualTo("Risky");
    assertThat(item.path("origin").path("htmlUrl").asText()).isEqualTo(site);
    assertThat(categories(item))
        .containsExactly("user/-/state/com.google/reading-list", "user/-/label/News");
    String html = item.path("summary").path("content").asText();
    assertThat(html).contains("Kept text").contains("https://example.org/");
    assertThat(html.toLowerCase())
        .doesNotContain("<script")
        .doesNotContain("javascript:")
        .doesNotContain("onerror")
        .doesNotContain("onclick");

    // POST with s= names the stream too; xt=read leaves the read items out once read.
    String longId = item.path("id").asText();
    r.app().post("/reader/api/0/edit-tag", form("i", longId, "a", "user/-/state/com.google/read"));
    JsonNode unread =
        r.app()
            .post(
                "/reader/api/0/stream/contents",
                form("s", "feed/" + feedId, "xt", "user/-/state/com.google/read"))
            .json();
    assertThat(unread.path("items")).isEmpty();
    JsonNode read =
        r.app()
            .get("/reader/api/0/stream/contents/user/-/state/com.google/read?output=json")
            .json();
    assertThat(read.path("items")).hasSize(1);
    assertThat(categories(read.path("items").get(0))).contains("user/-/state/com.google/read");

    // HTML that reached the store another way than through the fetcher's sanitiser (an ingest
    // call of another client) is cleaned here all the same.
    ingestOne(
        feedId,
        "raw-1",
        site + "/raw-1",
        "Raw story",
        null,
        "<p>Raw text</p><script>alert(4)</script><img src=x onerror=\"alert(5)\">"
            + "<a href=\"javascript:alert(6)\">bad</a>",
        Instant.now(),
        42L);
    JsonNode raw =
        r.app().get("/reader/api/0/stream/contents/feed%2F" + feedId + "?output=json").json();
    String rawHtml = "";
    for (JsonNode i : raw.path("items")) {
      if (i.path("title").asText().equals("Raw story")) {
        rawHtml = i.path("summary").path("content").asText();
      }
    }
    assertThat(rawHtml).contains("Raw text");
    assertThat(rawHtml.toLowerCase())
        .doesNotContain("<script")
        .doesNotContain("javascript:")
        .doesNotContain("onerror");
  }

  @Test
  void editTagAndItemsContentsTakeLongAndShortIdsAndTheWebReaderSeesTheMarks() {
    Reader r = reader("marks", false);
    long feedId = follow(r, null, "Alpha", "a1", "Beta", "b1", "Gamma", "g1");
    List<String> ids = awaitIds(r, "feed/" + feedId, 3);
    long first = Long.parseLong(ids.get(0));
    long second = Long.parseLong(ids.get(1));
    long third = Long.parseLong(ids.get(2));

    // Read by long id, starred by short id, in one call each with i repeated.
    assertThat(
            r.app()
                .post(
                    "/reader/api/0/edit-tag",
                    form(
                        "i", ItemIds.longForm(first),
                        "i", ItemIds.longForm(second),
                        "a", "user/-/state/com.google/read"))
                .body())
        .isEqualTo("OK");
    assertThat(
            r.app()
                .post(
                    "/reader/api/0/edit-tag",
                    form("i", Long.toString(third), "a", "user/-/state/com.google/starred"))
                .status())
        .isEqualTo(200);
    // kept-unread (Miniflux's README) undoes read on the second.
    r.app()
        .post(
            "/reader/api/0/edit-tag",
            form("i", Long.toString(second), "a", "user/-/state/com.google/kept-unread"));

    JsonNode river = r.web().get("/api/river?read=all&order=newest&feed=" + feedId).json();
    Map<Long, JsonNode> byId = new java.util.HashMap<>();
    river.path("items").forEach(i -> byId.put(i.path("entryId").asLong(), i));
    assertThat(byId.get(first).path("read").asBoolean()).isTrue();
    assertThat(byId.get(second).path("read").asBoolean()).isFalse();
    assertThat(byId.get(third).path("starred").asBoolean()).isTrue();
    assertThat(byId.get(third).path("read").asBoolean()).isFalse();

    // items/contents: one id long, one short, one bare 16-digit hex; the answer uses long ids.
    JsonNode items =
        r.app()
            .post(
                "/reader/api/0/stream/items/contents",
                form(
                    "i", ItemIds.longForm(first),
                    "i", Long.toString(second),
                    "i", String.format("%016x", third)))
            .json();
    Map<String, JsonNode> got = new java.util.HashMap<>();
    items.path("items").forEach(i -> got.put(i.path("id").asText(), i));
    assertThat(got)
        .containsOnlyKeys(
            ItemIds.longForm(first), ItemIds.longForm(second), ItemIds.longForm(third));
    assertThat(categories(got.get(ItemIds.longForm(first))))
        .contains("user/-/state/com.google/read")
        .doesNotContain("user/-/state/com.google/starred");
    assertThat(categories(got.get(ItemIds.longForm(second))))
        .doesNotContain("user/-/state/com.google/read");
    assertThat(categories(got.get(ItemIds.longForm(third))))
        .contains("user/-/state/com.google/starred")
        .doesNotContain("user/-/state/com.google/read");

    // Unstar by long id; the web reader sees it.
    r.app()
        .post(
            "/reader/api/0/edit-tag",
            form("i", ItemIds.longForm(third), "r", "user/-/state/com.google/starred"));
    JsonNode after = r.web().get("/api/river?read=all&order=newest&feed=" + feedId).json();
    after
        .path("items")
        .forEach(
            i -> {
              if (i.path("entryId").asLong() == third) {
                assertThat(i.path("starred").asBoolean()).isFalse();
              }
            });
  }

  @Test
  void markAllAsReadMarksAFeedAFolderOrEverythingUpToTs() {
    Reader r = reader("markall", false);
    long inFolder = follow(r, "Daily", "One", "m1", "Two", "m2");
    long outside = follow(r, null, "Three", "m3");
    awaitIds(r, "feed/" + inFolder, 2);
    awaitIds(r, "feed/" + outside, 1);

    // A ts before everything marks nothing.
    r.app()
        .post(
            "/reader/api/0/mark-all-as-read",
            form("s", "feed/" + inFolder, "ts", "1000000000000000"));
    assertThat(unread(r, "feed/" + inFolder)).isEqualTo(2);

    Reply none =
        r.app().post("/reader/api/0/mark-all-as-read", form("s", "user/-/label/NoSuchFolder"));
    assertThat(none.status()).isEqualTo(404);
    assertThat(unread(r, "user/-/state/com.google/reading-list")).isEqualTo(3);

    long nowMicros = System.currentTimeMillis() * 1000 + 60_000_000L;
    Reply folder =
        r.app()
            .post(
                "/reader/api/0/mark-all-as-read",
                form("s", "user/-/label/Daily", "ts", Long.toString(nowMicros)));
    assertThat(folder.body()).isEqualTo("OK");
    assertThat(unread(r, "feed/" + inFolder)).isZero();
    assertThat(unread(r, "feed/" + outside)).isEqualTo(1);

    // ts is the app's last sync, in crawl time (FreshRSS compares it with its entry ids, which
    // are arrival times): an entry that arrives after it stays unread, even one published long
    // before.
    long syncedMicros = System.currentTimeMillis() * 1000;
    ingestOne(
        inFolder,
        "late-1",
        "https://example.org/late-1",
        "Late but backdated",
        "<p>late</p>",
        null,
        Instant.parse("2020-01-01T00:00:00Z"),
        7L);
    r.app()
        .post(
            "/reader/api/0/mark-all-as-read",
            form("s", "user/-/label/Daily", "ts", Long.toString(syncedMicros)));
    assertThat(unread(r, "feed/" + inFolder)).isEqualTo(1);

    r.app()
        .post("/reader/api/0/mark-all-as-read", form("s", "user/-/state/com.google/reading-list"));
    assertThat(unread(r, "user/-/state/com.google/reading-list")).isZero();
  }

  /**
   * {@code ts=0} means now, as in FreshRSS and Miniflux (it used to mean 1970 and mark nothing),
   * and {@code ts} is inclusive: an item's own {@code timestampUsec} marks that item.
   */
  @Test
  void markAllAsReadTakesTsZeroAsNowAndAnItemsOwnTimestampAsIncluded() {
    Reader r = reader("markts", false);
    long feed = follow(r, null, "One", "z1", "Two", "z2");
    awaitIds(r, "feed/" + feed, 2);
    assertThat(unread(r, "feed/" + feed)).isEqualTo(2);
    Reply zero =
        r.app().post("/reader/api/0/mark-all-as-read", form("s", "feed/" + feed, "ts", "0"));
    assertThat(zero.body()).isEqualTo("OK");
    assertThat(unread(r, "feed/" + feed)).isZero();

    ingestOne(feed, "z3", "https://example.org/z3", "Three", "<p>3</p>", null, Instant.now(), 31L);
    awaitIds(r, "feed/" + feed, 3);
    assertThat(unread(r, "feed/" + feed)).isEqualTo(1);
    String usec =
        StreamSupport.stream(
                r.app()
                    .get("/reader/api/0/stream/contents/feed%2F" + feed + "?output=json&n=10")
                    .json()
                    .path("items")
                    .spliterator(),
                false)
            .filter(i -> i.path("title").asText().equals("Three"))
            .findFirst()
            .orElseThrow()
            .path("timestampUsec")
            .asText();
    r.app().post("/reader/api/0/mark-all-as-read", form("s", "feed/" + feed, "ts", usec));
    assertThat(unread(r, "feed/" + feed)).as("the item at ts itself").isZero();
  }

  private static List<String> categories(JsonNode item) {
    List<String> c = new ArrayList<>();
    item.path("categories").forEach(x -> c.add(x.asText()));
    return c;
  }

  private int unread(Reader r, String stream) {
    return r.app()
        .get(
            "/reader/api/0/stream/items/ids?output=json&n=1000&xt=user/-/state/com.google/read&s="
                + enc(stream))
        .json()
        .path("itemRefs")
        .size();
  }

  @Test
  void pagingTenThousandItemsWithTheContinuationReturnsEachExactlyOnce() {
    Reader r = reader("pages", false);
    long feedId = seed(r, 10_000, Instant.now().minusSeconds(60));
    String s = "feed/" + feedId;

    // Newest first, 1,000 ids a page; new entries arriving meanwhile do not disturb it.
    List<Long> newest = new ArrayList<>();
    String c = null;
    for (int page = 0; page < 20; page++) {
      JsonNode j =
          r.app()
              .get(
                  "/reader/api/0/stream/items/ids?output=json&n=1000&s="
                      + enc(s)
                      + (c == null ? "" : "&c=" + enc(c)))
              .json();
      j.path("itemRefs").forEach(i -> newest.add(Long.parseLong(i.path("id").asText())));
      if (page == 2) {
        ingestOne(
            feedId,
            "late",
            "https://example.org/late",
            "Late",
            "<p>l</p>",
            null,
            Instant.now(),
            7L);
      }
      c = j.has("continuation") ? j.path("continuation").asText() : null;
      if (c == null) {
        break;
      }
    }
    assertThat(c).as("paging ended within 20 pages").isNull();
    assertThat(newest).hasSize(10_000).doesNotHaveDuplicates();
    assertThat(newest).isSortedAccordingTo((a, b) -> Long.compare(b, a));

    // Oldest first, with content, 1,000 a page: the same 10,000, then the late one.
    Set<Long> oldest = new LinkedHashSet<>();
    int sent = 0;
    c = null;
    for (int page = 0; page < 20; page++) {
      JsonNode j =
          r.app()
              .get(
                  "/reader/api/0/stream/contents/"
                      + s
                      + "?output=json&r=o&n=1000"
                      + (c == null ? "" : "&c=" + enc(c)))
              .json();
      for (JsonNode i : j.path("items")) {
        oldest.add(ItemIds.parse(i.path("id").asText(), "id"));
        sent++;
      }
      c = j.has("continuation") ? j.path("continuation").asText() : null;
      if (c == null) {
        break;
      }
    }
    assertThat(c).isNull();
    assertThat(sent).isEqualTo(10_001);
    assertThat(oldest).hasSize(10_001).containsAll(newest);
    assertThat(new ArrayList<>(oldest).subList(0, 10_000)).isSortedAccordingTo(Long::compare);

    JsonNode counts = r.app().get("/reader/api/0/unread-count?output=json").json();
    Set<String> seen = new HashSet<>();
    counts
        .path("unreadcounts")
        .forEach(
            u -> {
              if (u.path("id").asText().equals(s)) {
                seen.add(u.path("count").asText());
              }
            });
    assertThat(seen).containsExactly("10001");
  }

  @Test
  void anAppPasswordAskingForTheRankedOrderGetsTheRankersReadingList() {
    Reader r = reader("ranked", true);
    long feedId = seed(r, 30, Instant.now().minusSeconds(30));
    // The ranker tails the store: wait until its river holds the entries.
    await()
        .atMost(FETCH_WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> r.web().get("/api/river?read=all&limit=200").json().path("items").size() >= 30);
    List<Long> web = new ArrayList<>();
    r.web()
        .get("/api/river?read=all&limit=200&order=ranked")
        .json()
        .path("items")
        .forEach(i -> web.add(i.path("entryId").asLong()));

    List<Long> app = new ArrayList<>();
    String c = null;
    for (int page = 0; page < 20; page++) {
      JsonNode j =
          r.app()
              .get(
                  "/reader/api/0/stream/contents/user/-/state/com.google/reading-list?n=7"
                      + (c == null ? "" : "&c=" + enc(c)))
              .json();
      assertThat(j.path("items").size()).isLessThanOrEqualTo(7);
      j.path("items").forEach(i -> app.add(ItemIds.parse(i.path("id").asText(), "id")));
      c = j.has("continuation") ? j.path("continuation").asText() : null;
      if (c == null) {
        break;
      }
    }
    assertThat(c).isNull();
    assertThat(app).doesNotHaveDuplicates().isEqualTo(web);
    // The seeded entries' ids grow as their published times fall, so the ranked (fresher first)
    // order is not the id order a password without the ranked order gets.
    List<Long> newestById = new ArrayList<>(app);
    newestById.sort((a, b) -> Long.compare(b, a));
    assertThat(app).hasSize(30).isNotEqualTo(newestById);

    // Another app password of the same reader, without the ranked order: newest first by id.
    GReaderClient plain = new GReaderClient(stack.baseUrl());
    String other = passwords.create(r.userId(), "NetNewsWire", false, r.name()).password();
    assertThat(plain.login(r.name(), other).status()).isEqualTo(200);
    List<Long> plainIds = new ArrayList<>();
    plain
        .get("/reader/api/0/stream/contents/user/-/state/com.google/reading-list?n=100")
        .json()
        .path("items")
        .forEach(i -> plainIds.add(ItemIds.parse(i.path("id").asText(), "id")));
    assertThat(plainIds).isEqualTo(newestById);

    // r=o, or a filter the river does not have, is id order even for this password.
    List<Long> byId = new ArrayList<>();
    r.app()
        .get("/reader/api/0/stream/contents/feed/" + feedId + "?r=o&n=100")
        .json()
        .path("items")
        .forEach(i -> byId.add(ItemIds.parse(i.path("id").asText(), "id")));
    assertThat(byId).hasSize(30).isSortedAccordingTo(Long::compare);
  }

  /**
   * A ranked page whose entries' content is larger than one RPC answer holds (the store stops an
   * answer at 8 MiB of text): the web asks again for what was deferred, and every item comes with
   * its content.
   */
  @Test
  void aRankedPageOfLargeEntriesComesWholeWithEveryItemsContent() {
    Reader r = reader("large", true);
    String content = "<p>" + "lorem ipsum ".repeat(80_000) + "</p>"; // ~0.9 MiB each
    seed(r, 12, Instant.now().minusSeconds(30), content);
    await()
        .atMost(FETCH_WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> r.web().get("/api/river?read=all&limit=200").json().path("items").size() >= 12);

    JsonNode j =
        r.app()
            .get("/reader/api/0/stream/contents/user/-/state/com.google/reading-list?n=20")
            .json();

    assertThat(j.path("items").size()).isEqualTo(12);
    j.path("items")
        .forEach(
            i ->
                assertThat(i.path("summary").path("content").asText())
                    .as("content of %s", i.path("id").asText())
                    .hasSizeGreaterThan(900_000));
  }

  @Test
  void aFormBodyThatIsNotValidlyPercentEncodedIs400EvenBeforeSignIn() {
    GReaderClient anonymous = new GReaderClient(stack.baseUrl());
    Reply login = anonymous.send("POST", "/accounts/ClientLogin", "Email=ann&Passwd=abc%");
    assertThat(login.status()).isEqualTo(400);
    assertThat(login.body()).contains("percent-encoded").doesNotContain("abc");

    Reader r = reader("escapes", false);
    long feedId = follow(r, null, "Kept", "k1");
    awaitIds(r, "feed/" + feedId, 1);
    Reply tag =
        r.app().post("/reader/api/0/edit-tag", "i=%zz&a=user%2F-%2Fstate%2Fcom.google%2Fread");
    assertThat(tag.status()).isEqualTo(400);
    assertThat(tag.body()).contains("percent-encoded");
    assertThat(unread(r, "feed/" + feedId)).isEqualTo(1);
  }

  @Test
  void oneSubscribeAddsAtMostTenFeeds() {
    Reader r = reader("many", false);
    List<String> form = new ArrayList<>(List.of("ac", "subscribe"));
    for (int i = 0; i <= SubscriptionCalls.MAX_SUBSCRIBE_STREAMS; i++) {
      form.addAll(List.of("s", "feed/" + stack.site.url("/many-" + i + ".xml")));
    }
    Reply refused =
        r.app().post("/reader/api/0/subscription/edit", form(form.toArray(String[]::new)));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("at most 10").contains("subscription/import");
    assertThat(
            r.app().get("/reader/api/0/subscription/list?output=json").json().path("subscriptions"))
        .isEmpty();
  }

  /**
   * The feeds of one {@code ac=subscribe} share one time budget (2 minutes in production; 4 s
   * here): a site that does not answer uses up what is left, and the feeds after it are not tried,
   * instead of each getting 2 minutes of its own.
   */
  @Test
  void theFeedsOfOneSubscribeShareOneTimeBudget() throws Exception {
    Reader r = reader("budget", false);
    String fast = stack.site.url("/budget-fast-" + UNIQUE.incrementAndGet() + ".xml");
    String slowPath = "/budget-slow-" + UNIQUE.incrementAndGet() + ".xml";
    String slow = stack.site.url(slowPath);
    String last = stack.site.url("/budget-last-" + UNIQUE.incrementAndGet() + ".xml");
    for (String url : List.of(fast, slow, last)) {
      String path = url.substring(stack.site.url("").length());
      stack.site.serve(path, "application/rss+xml", SiteServer.rss("F", url));
    }
    SiteServer.Hold hold = stack.site.hold(slowPath);
    // Bounded however the call goes: the slow site answers after 9 s at the latest.
    ScheduledExecutorService releaser = Executors.newSingleThreadScheduledExecutor();
    releaser.schedule(hold::release, 9, TimeUnit.SECONDS);
    try {
      GReaderApi api =
          new GReaderApi(stack.web.ranker(), passwords, Clock.systemUTC(), Duration.ofSeconds(4));
      HttpHeaders h = new DefaultHttpHeaders();
      h.set("Authorization", "GoogleLogin auth=" + r.app().auth);
      h.set("Content-Type", "application/x-www-form-urlencoded");
      String body =
          form("ac", "subscribe", "s", "feed/" + fast, "s", "feed/" + slow, "s", "feed/" + last);
      long started = System.nanoTime();
      WebResponse answer =
          api.handle(
              new WebRequest(
                  "POST",
                  "/api/greader/reader/api/0/subscription/edit",
                  Map.of(),
                  h,
                  body.getBytes(StandardCharsets.UTF_8)));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      String text = new String(answer.body(), StandardCharsets.UTF_8);

      assertThat(answer.status()).as(text).isEqualTo(504);
      assertThat(took).isLessThan(Duration.ofSeconds(7));
      assertThat(text)
          .startsWith("subscribed 1 of 3 feeds (" + fast + ")")
          .contains(slow + " failed: this request's 4 s for subscribing")
          .endsWith("not tried: " + last);
      List<String> urls = new ArrayList<>();
      r.app()
          .get("/reader/api/0/subscription/list?output=json")
          .json()
          .path("subscriptions")
          .forEach(s -> urls.add(s.path("url").asText()));
      assertThat(urls).contains(fast).doesNotContain(last);
    } finally {
      hold.release();
      releaser.shutdownNow();
    }
  }

  @Test
  void badInputIsA400SayingWhatWasWrongAndChangesNothing() {
    Reader r = reader("bad", false);
    long feedId = follow(r, null, "Only", "o1");
    List<String> ids = awaitIds(r, "feed/" + feedId, 1);

    Map<String, String> gets =
        Map.of(
            "/reader/api/0/stream/contents/feed/abc", "feed/",
            "/reader/api/0/stream/contents/user/-/state/com.google/reading-list?n=-3", "n ",
            "/reader/api/0/stream/contents/user/-/state/com.google/reading-list?c=zzz", "c ",
            "/reader/api/0/stream/items/ids?output=json", "s is required",
            "/reader/api/0/stream/items/ids?s=user/-/state/com.google/reading-list&r=q", "r ",
            "/reader/api/0/subscription/list?output=xml", "output=json");
    gets.forEach(
        (path, says) -> {
          Reply rep = r.app().get(path);
          assertThat(rep.status()).as(path).isEqualTo(400);
          assertThat(rep.body()).as(path).contains(says);
        });
    Reply notFollowed = r.app().get("/reader/api/0/stream/contents/feed/999999999");
    assertThat(notFollowed.status()).isEqualTo(404);

    // One bad id among good ones: refused whole, nothing marked.
    Reply mixed =
        r.app()
            .post(
                "/reader/api/0/edit-tag",
                form("i", ids.get(0), "i", "not-an-id", "a", "user/-/state/com.google/read"));
    assertThat(mixed.status()).isEqualTo(400);
    assertThat(mixed.body()).contains("not-an-id");
    assertThat(unread(r, "feed/" + feedId)).isEqualTo(1);

    assertThat(r.app().post("/reader/api/0/stream/items/contents", "").status()).isEqualTo(400);
    Reply ac =
        r.app()
            .post("/reader/api/0/subscription/edit", form("ac", "rename", "s", "feed/" + feedId));
    assertThat(ac.status()).isEqualTo(400);
    assertThat(ac.body()).contains("ac must be");
  }
}
