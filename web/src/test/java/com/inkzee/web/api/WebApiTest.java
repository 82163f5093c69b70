package com.inkzee.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.inkzee.passwords.PasswordHasher;
import com.inkzee.ranker.testing.SiteServer;
import com.inkzee.rpc.api.fetcher.FetcherMessages.RefreshRequest;
import com.inkzee.rpc.api.store.AccountMessages.CredentialRequest;
import com.inkzee.rpc.api.store.AccountMessages.SetPasswordRequest;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.web.WebMain;
import com.inkzee.web.testing.ApiClient;
import com.inkzee.web.testing.ApiClient.Reply;
import com.inkzee.web.testing.RawHttp;
import com.inkzee.web.testing.WebStack;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON API over real HTTP against the real backend (store, fetcher, ranker started by their
 * mains, see {@link WebStack}): accounts and sessions, CSRF, the reading calls, rules, errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebApiTest {
  private static final AtomicInteger UNIQUE = new AtomicInteger();

  @TempDir static Path dir;
  private WebStack stack;

  @BeforeAll
  void start() throws Exception {
    stack = new WebStack(dir);
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private ApiClient client() {
    return new ApiClient(stack.baseUrl());
  }

  private static String name(String base) {
    return base + UNIQUE.incrementAndGet();
  }

  /** A signed-up reader's client. */
  private ApiClient reader(String base) {
    ApiClient c = client();
    Reply r = c.signIn("/api/signup", name(base), "a long enough password");
    assertThat(r.status()).isEqualTo(201);
    return c;
  }

  /** Serves a feed of {@code items} (title, guid pairs) on the loopback site; returns its URL. */
  private String feed(String path, String... titlesAndGuids) {
    stack.site.serve(
        path,
        "application/rss+xml",
        SiteServer.rss("Feed " + path, stack.site.url(path), titlesAndGuids));
    return stack.site.url(path);
  }

  @Nested
  class Page {
    @Test
    void isServedWithAStrictContentSecurityPolicy() {
      Reply r = client().get("/");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.raw().body()).contains("<script src=\"/app.js\"").doesNotContain("<script>");
      String csp = r.header("Content-Security-Policy");
      assertThat(csp)
          .contains("default-src 'self'")
          .contains("script-src 'self'")
          .contains("frame-ancestors 'none'")
          .contains("object-src 'none'")
          .doesNotContain("unsafe-inline")
          .doesNotContain("unsafe-eval");
      assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
      assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
      assertThat(client().get("/app.js").header("Content-Type")).startsWith("text/javascript");
      assertThat(client().get("/app.css").status()).isEqualTo(200);
      assertThat(client().get("/../../etc/passwd").status()).isEqualTo(404);
      assertThat(client().get("/api/session").header("Cache-Control")).isEqualTo("no-store");
    }
  }

  @Nested
  class Accounts {
    /**
     * More wrong-password sign-ins at once than hashing can take (one hash per core, a few more
     * threads than that waiting): the excess is answered 503 at once, so the page's script, behind
     * them in the worker queue, is still answered promptly. The flood lasts until the script has
     * been timed, 30 s at most.
     */
    @Test
    void aFloodOfSignInsGets503AndLeavesOtherRequestsServed() throws Exception {
      String n = name("flood");
      assertThat(client().signIn("/api/signup", n, "a long enough password").status())
          .isEqualTo(201);
      int cores = Runtime.getRuntime().availableProcessors();
      int waitingThreads = 14;
      try (WebMain.Running small =
          stack.startWeb(Map.of("INKZEE_WEB_THREADS", Integer.toString(cores + waitingThreads)))) {
        String base = "http://127.0.0.1:" + small.port();
        ApiClient page = new ApiClient(base);
        // Connected and served once before the flood: what is timed below is the wait for a worker.
        assertThat(page.get("/app.js").status()).isEqualTo(200);
        int flooders = cores + 2 * waitingThreads;
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        long floodEnds = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(flooders);
        try {
          for (int i = 0; i < flooders; i++) {
            pool.execute(
                () -> {
                  ApiClient c = new ApiClient(base);
                  while (!stop.get() && System.nanoTime() < floodEnds) {
                    int status = c.signIn("/api/signin", n, "a wrong password").status();
                    if (status == 503) {
                      busy.incrementAndGet();
                    } else if (status != 401) {
                      other.incrementAndGet();
                    }
                  }
                });
          }
          // Timed once the flood is in full swing: hashing is saturated and sign-ins are refused
          // (its start, on a busy machine, is slow for every request: connections, JIT).
          await().atMost(Duration.ofSeconds(20)).until(() -> busy.get() >= flooders);
          long slowestMillis = 0;
          for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            assertThat(page.get("/app.js").status()).isEqualTo(200);
            slowestMillis = Math.max(slowestMillis, (System.nanoTime() - started) / 1_000_000);
            Thread.sleep(200);
          }
          assertThat(slowestMillis).as("slowest /app.js during the flood, ms").isLessThan(1_500);
        } finally {
          stop.set(true);
          pool.shutdown();
          assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(other.get()).as("sign-ins answered neither 401 nor 503").isZero();
      }
    }

    @Test
    void signUpSetsAStrictHttpOnlyCookieAndTheSessionAnswers() {
      ApiClient c = client();
      String n = name("ann");
      Reply up = c.signIn("/api/signup", n, "correct horse battery");
      assertThat(up.status()).isEqualTo(201);
      assertThat(up.header("Set-Cookie"))
          .startsWith("inkzee_session=")
          .contains("HTTPOnly")
          .contains("SameSite=Strict");
      assertThat(up.json().path("user").path("name").asText()).isEqualTo(n);
      assertThat(up.json().path("csrfToken").asText()).hasSize(43);

      Reply session = c.get("/api/session");
      assertThat(session.status()).isEqualTo(200);
      assertThat(session.json().path("user").path("name").asText()).isEqualTo(n);
      assertThat(session.json().path("csrfToken").asText()).isEqualTo(c.csrf);
    }

    @Test
    void signInChecksThePasswordAndSaysTheSameForAnUnknownName() {
      String n = name("bob");
      client().signIn("/api/signup", n, "bobs password 1");
      Reply wrong = client().signIn("/api/signin", n, "bobs password 2");
      Reply unknown = client().signIn("/api/signin", name("nobody"), "bobs password 1");
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(unknown.status()).isEqualTo(401);
      assertThat(wrong.json().path("message").asText())
          .isEqualTo(unknown.json().path("message").asText());
      ApiClient right = client();
      assertThat(right.signIn("/api/signin", n, "bobs password 1").status()).isEqualTo(200);
      assertThat(right.get("/api/session").status()).isEqualTo(200);
    }

    @Test
    void refusesATakenNameAndBadInput() {
      String n = name("cy");
      assertThat(client().signIn("/api/signup", n, "first password").status()).isEqualTo(201);
      Reply taken = client().signIn("/api/signup", n, "second password");
      assertThat(taken.status()).isEqualTo(409);
      assertThat(taken.error()).isEqualTo("name_taken");
      assertThat(client().signIn("/api/signup", name("short"), "short").status()).isEqualTo(400);
      assertThat(client().signIn("/api/signup", "a b<script>", "long enough pw").status())
          .isEqualTo(400);
      Reply badJson = client().post("/api/signup", "{\"name\":");
      assertThat(badJson.status()).isEqualTo(400);
      assertThat(badJson.error()).isEqualTo("bad_request");
      Reply unknownField =
          client()
              .post("/api/signup", "{\"name\":\"x1\",\"password\":\"12345678\",\"admin\":true}");
      assertThat(unknownField.status()).isEqualTo(400);
      assertThat(unknownField.json().path("message").asText()).contains("admin");
      Reply form =
          client()
              .send(
                  "POST",
                  "/api/signup",
                  "name=x&password=y",
                  Map.of("Content-Type", "application/x-www-form-urlencoded"));
      assertThat(form.status()).isEqualTo(415);
    }

    @Test
    void aSessionSurvivesAWebRestartAndWorksOnAnotherInstance() {
      ApiClient c = reader("dee");
      try (WebMain.Running other = stack.startWeb(Map.of())) {
        ApiClient there = new ApiClient("http://127.0.0.1:" + other.port());
        there.cookie = c.cookie;
        there.csrf = c.csrf;
        assertThat(there.get("/api/session").status()).isEqualTo(200);
        // Signing out on one instance ends the session everywhere.
        Reply out = there.post("/api/signout", null);
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.header("Set-Cookie")).contains("Max-Age=0");
      }
      assertThat(c.get("/api/session").status()).isEqualTo(401);
    }

    /**
     * A password stored with fewer iterations than the web now uses (an account from before a
     * raise) is re-hashed at the next sign-in, and signs in as before.
     */
    @Test
    void aSignInUpgradesAHashWithFewerIterations() {
      String name = name("old");
      String password = "a long enough password";
      ApiClient c = client();
      assertThat(c.signIn("/api/signup", name, password).status()).isEqualTo(201);
      StoreService store = stack.store.store();
      long id = store.getCredential(new CredentialRequest(name)).user().id();
      String weak = new PasswordHasher(PasswordHasher.MIN_ITERATIONS).hash(password);
      store.setPassword(new SetPasswordRequest(id, weak, false));

      assertThat(client().signIn("/api/signin", name, password).status()).isEqualTo(200);
      String upgraded = store.getCredential(new CredentialRequest(name)).passwordHash();
      assertThat(upgraded)
          .startsWith("pbkdf2-sha256$" + PasswordHasher.DEFAULT_ITERATIONS + "$")
          .isNotEqualTo(weak);
      assertThat(client().signIn("/api/signin", name, password).status()).isEqualTo(200);
      assertThat(store.getCredential(new CredentialRequest(name)).passwordHash())
          .as("nothing more to upgrade")
          .isEqualTo(upgraded);
    }

    @Test
    void withoutASessionTheApiIs401() {
      Reply r = client().get("/api/river");
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.error()).isEqualTo("unauthenticated");
      ApiClient forged = client();
      forged.cookie = "inkzee_session=" + "A".repeat(43);
      assertThat(forged.get("/api/subscriptions").status()).isEqualTo(401);
    }
  }

  @Nested
  class Csrf {
    @Test
    void aChangeWithoutTheTokenOrFromAnotherOriginIs403() {
      ApiClient c = reader("eve");
      String body = "{\"query\":\"anything\"}";
      String token = c.csrf;
      c.csrf = null;
      assertThat(c.post("/api/alerts", body).status()).isEqualTo(403);
      c.csrf = "wrong-" + token;
      assertThat(c.post("/api/alerts", body).status()).isEqualTo(403);
      c.csrf = token;
      assertThat(
              c.send("POST", "/api/alerts", body, Map.of("Origin", "https://evil.example"))
                  .status())
          .isEqualTo(403);
      assertThat(
              c.send("POST", "/api/alerts", body, Map.of("Sec-Fetch-Site", "cross-site")).status())
          .isEqualTo(403);
      assertThat(c.get("/api/alerts").json().path("alerts")).isEmpty();
      assertThat(c.post("/api/alerts", body).status()).isEqualTo(201);
    }

    @Test
    void signInFromAnotherSiteIs403() {
      Reply r =
          client()
              .send(
                  "POST",
                  "/api/signin",
                  "{\"name\":\"x\",\"password\":\"y\"}",
                  Map.of("X-Requested-With", "", "Origin", "https://evil.example"));
      assertThat(r.status()).isEqualTo(403);
    }
  }

  @Nested
  class Reading {
    @Test
    void subscribeReadOpenMarkAndDigest() {
      ApiClient c = reader("reader");
      String path = "/" + name("news") + "/feed.xml";
      String url =
          feed(
              path,
              "Harbour bridge reopens after repairs",
              name("g"),
              "Night trains return to the coast line",
              name("g"));
      Reply sub = c.post("/api/subscriptions", "{\"url\":\"" + url + "\",\"folder\":\"News\"}");
      assertThat(sub.status()).isEqualTo(201);
      long feedId = sub.json().path("subscription").path("feedId").asLong();
      assertThat(sub.json().path("subscription").path("folder").asText()).isEqualTo("News");

      Reply subs = c.get("/api/subscriptions");
      assertThat(subs.json().path("folders").get(0).asText()).isEqualTo("News");

      JsonNode items =
          await()
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(250))
              .until(
                  () -> c.get("/api/river?order=ranked").json().path("items"), i -> i.size() == 2);
      JsonNode first = items.get(0);
      assertThat(first.path("why").isArray()).isTrue();
      assertThat(first.path("why")).isNotEmpty();
      assertThat(first.path("alsoIn").isArray()).isTrue();
      assertThat(first.path("feedId").asLong()).isEqualTo(feedId);
      assertThat(c.get("/api/river?folder=News").json().path("items")).hasSize(2);
      assertThat(c.get("/api/river?feed=" + feedId + "&order=newest").json().path("items"))
          .hasSize(2);

      long entryId = first.path("entryId").asLong();
      Reply opened = c.get("/api/entries/" + entryId);
      assertThat(opened.status()).isEqualTo(200);
      assertThat(opened.json().path("entry").path("contentHtml").asText())
          .contains(first.path("title").asText());

      Reply read = c.post("/api/entries/state", "{\"entryIds\":[" + entryId + "],\"read\":true}");
      assertThat(read.status()).isEqualTo(200);
      assertThat(read.json().path("changed").asInt()).isEqualTo(1);
      assertThat(ids(c.get("/api/river").json().path("items"))).doesNotContain(entryId);
      assertThat(ids(c.get("/api/river?read=all").json().path("items"))).contains(entryId);

      long other = items.get(1).path("entryId").asLong();
      assertThat(
              c.post(
                      "/api/entries/state",
                      "{\"entryIds\":[" + other + "],\"starred\":true,\"liking\":1}")
                  .status())
          .isEqualTo(200);
      JsonNode again = c.get("/api/river").json().path("items").get(0);
      assertThat(again.path("starred").asBoolean()).isTrue();
      assertThat(again.path("liking").asInt()).isEqualTo(1);

      Reply digest = c.get("/api/digest?minutes=10");
      assertThat(digest.status()).isEqualTo(200);
      assertThat(digest.json().path("budgetSeconds").asInt()).isEqualTo(600);
      assertThat(digest.json().path("items")).hasSize(1); // the unread one

      // Another reader cannot open this reader's entries.
      assertThat(reader("stranger").get("/api/entries/" + entryId).status()).isEqualTo(404);

      // Moving the feed to another folder.
      Reply moved =
          c.send("PATCH", "/api/subscriptions/" + feedId, "{\"folder\":\"Later\"}", Map.of());
      assertThat(moved.status()).isEqualTo(200);
      assertThat(c.get("/api/subscriptions").json().path("folders").get(0).asText())
          .isEqualTo("Later");
      assertThat(c.send("DELETE", "/api/subscriptions/" + feedId, null, Map.of()).status())
          .isEqualTo(204);
      assertThat(c.get("/api/subscriptions").json().path("subscriptions")).isEmpty();
    }

    @Test
    void aQueryParameterTheRouteDoesNotTakeIsA400NotIgnored() {
      ApiClient c = reader("typist");
      // feedId= instead of feed=: answered as the whole river, it would look like the feed's.
      Reply misspelt = c.get("/api/river?feedId=7");
      assertThat(misspelt.status()).isEqualTo(400);
      assertThat(misspelt.json().path("message").asText())
          .isEqualTo(
              "unknown query parameter 'feedId': GET /api/river takes feed, folder, read, order,"
                  + " cursor, limit");
      Reply twice = c.get("/api/river?feed=1&feed=2");
      assertThat(twice.status()).isEqualTo(400);
      assertThat(twice.json().path("message").asText())
          .isEqualTo("query parameter 'feed' is given 2 times, once at most");
      Reply none = c.get("/api/subscriptions?folder=Later");
      assertThat(none.status()).isEqualTo(400);
      assertThat(none.json().path("message").asText())
          .isEqualTo("unknown query parameter 'folder': GET /api/subscriptions takes none");
      String longName = "x".repeat(500);
      assertThat(c.get("/api/digest?" + longName + "=1").json().path("message").asText())
          .isEqualTo(
              "unknown query parameter '"
                  + "x".repeat(40)
                  + "…': GET /api/digest takes minutes,"
                  + " asOf");
      assertThat(c.get("/api/alerts/hits?limit=5&before=").status()).isEqualTo(200);
      assertThat(c.get("/api/river?read=all&order=newest&limit=5").status()).isEqualTo(200);
    }

    @Test
    void badReadingInputIsAClear400() {
      ApiClient c = reader("careless");
      assertThat(c.get("/api/river?order=sideways").status()).isEqualTo(400);
      assertThat(c.get("/api/river?limit=0").json().path("message").asText()).contains("limit");
      assertThat(c.get("/api/river?feed=1&folder=x").status()).isEqualTo(400);
      assertThat(c.get("/api/river?folder=none").status()).isEqualTo(404);
      assertThat(c.get("/api/digest?minutes=0").status()).isEqualTo(400);
      assertThat(c.get("/api/digest?minutes=15&asOf=yesterday").status()).isEqualTo(400);
      assertThat(c.get("/api/entries/abc").status()).isEqualTo(400);
      assertThat(c.post("/api/entries/state", "{\"entryIds\":[1],\"liking\":5}").status())
          .isEqualTo(400);
      assertThat(c.post("/api/entries/state", "{\"entryIds\":[]}").status()).isEqualTo(400);
      assertThat(c.get("/api/nothing-here").status()).isEqualTo(404);
      assertThat(c.send("PUT", "/api/river", "{}", Map.of()).status()).isEqualTo(405);
      Reply noFeed = c.post("/api/subscriptions", "{\"url\":\"" + stack.site.url("/none") + "\"}");
      assertThat(noFeed.status()).isIn(404, 422);
      assertThat(c.post("/api/subscriptions", "{\"url\":\"not a url\"}").status()).isEqualTo(400);
    }

    /**
     * Moving a feed (PATCH with a folder only, or subscribing to its site again with a folder)
     * keeps the title as stored: with none of the reader's own, the feed's title still shows and
     * follows the feed when it renames itself, instead of being frozen as the reader's.
     */
    @Test
    void movingAFeedKeepsShowingTheFeedsOwnTitle() {
      ApiClient c = reader("mover");
      String path = "/" + name("moving") + "/feed.xml";
      String url = feed(path, "Ferry timetable changes", name("g"));
      Reply sub = c.post("/api/subscriptions", "{\"url\":\"" + url + "\",\"folder\":\"News\"}");
      long feedId = sub.json().path("subscription").path("feedId").asLong();
      awaitSubscription(c, feedId, s -> s.path("title").asText().equals("Feed " + path));

      Reply moved =
          c.send("PATCH", "/api/subscriptions/" + feedId, "{\"folder\":\"Later\"}", Map.of());
      assertThat(moved.status()).isEqualTo(200);
      Reply again =
          c.post("/api/subscriptions", "{\"url\":\"" + url + "\",\"folder\":\"Elsewhere\"}");
      assertThat(again.status()).isEqualTo(201);
      assertThat(again.json().path("subscription").path("priority").asInt()).isZero();

      stack.site.serve(
          path,
          "application/rss+xml",
          SiteServer.rss("Renamed " + path, url, "Ferry timetable changes", name("g")));
      stack.fetcherRpc().refreshFeed(new RefreshRequest(feedId));
      JsonNode after =
          awaitSubscription(c, feedId, s -> s.path("title").asText().equals("Renamed " + path));
      assertThat(after.path("folder").asText()).isEqualTo("Elsewhere");

      // A title the reader gives is theirs, and a later move keeps it.
      c.send("PATCH", "/api/subscriptions/" + feedId, "{\"title\":\"Ferries\"}", Map.of());
      c.send("PATCH", "/api/subscriptions/" + feedId, "{\"folder\":\"\"}", Map.of());
      JsonNode mine = awaitSubscription(c, feedId, s -> s.path("title").asText().equals("Ferries"));
      assertThat(mine.path("folder").isNull()).isTrue();
    }

    /**
     * Mark all read bounded by the river's asOf, as the page sends it: an entry that arrived after
     * the river was read stays unread, the ones shown are marked.
     */
    @Test
    void markAllReadWithTheRiversAsOfLeavesLaterArrivalsUnread() {
      ApiClient c = reader("marker");
      String path = "/" + name("mark") + ".xml";
      String g1 = name("m");
      String url = feed(path, "Shown in the river", g1);
      assertThat(c.post("/api/subscriptions", "{\"url\":\"" + url + "\"}").status()).isEqualTo(201);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> c.get("/api/river").json().path("items").size() == 1);
      String asOf = c.get("/api/river").json().path("asOf").asText();
      assertThat(Instant.parse(asOf)).isBeforeOrEqualTo(Instant.now());

      feed(path, "Shown in the river", g1, "Arrived after", name("m"));
      long feedId =
          c.get("/api/subscriptions").json().path("subscriptions").get(0).path("feedId").asLong();
      stack.fetcherRpc().refreshFeed(new RefreshRequest(feedId));
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> c.get("/api/river").json().path("items").size() == 2);

      Reply marked = c.post("/api/mark-all-read", "{\"seenBefore\":\"" + asOf + "\"}");
      assertThat(marked.status()).isEqualTo(200);
      assertThat(marked.json().path("marked").asInt()).isEqualTo(1);
      JsonNode unread = c.get("/api/river").json().path("items");
      assertThat(unread).hasSize(1);
      assertThat(unread.get(0).path("title").asText()).isEqualTo("Arrived after");

      Reply bad = c.post("/api/mark-all-read", "{\"seenBefore\":\"yesterday\"}");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(c.get("/api/river").json().path("items")).hasSize(1);
    }

    private JsonNode awaitSubscription(ApiClient c, long feedId, Predicate<JsonNode> until) {
      return await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                for (JsonNode s : c.get("/api/subscriptions").json().path("subscriptions")) {
                  if (s.path("feedId").asLong() == feedId) {
                    return s;
                  }
                }
                return null;
              },
              s -> s != null && until.test(s));
    }

    @Test
    void opmlImportsIntoFoldersAndExports() {
      ApiClient c = reader("opml");
      String a = feed("/" + name("o") + ".xml", "A1", name("a"));
      String opml =
          "<?xml version=\\\"1.0\\\"?><opml version=\\\"2.0\\\"><body><outline text=\\\"Tech\\\">"
              + "<outline type=\\\"rss\\\" text=\\\"A\\\" xmlUrl=\\\""
              + a
              + "\\\"/></outline><outline text=\\\"no url\\\"/></body></opml>";
      Reply r = c.post("/api/opml", "{\"opml\":\"" + opml + "\"}");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().path("subscribed").asInt()).isEqualTo(1);
      assertThat(c.get("/api/subscriptions").json().path("folders").get(0).asText())
          .isEqualTo("Tech");
      Reply out = c.get("/api/opml");
      assertThat(out.status()).isEqualTo(200);
      assertThat(out.header("Content-Disposition")).contains("attachment");
      assertThat(out.raw().body()).contains(a);
      assertThat(c.post("/api/opml", "{\"opml\":\"<html/>\"}").status()).isEqualTo(400);
    }

    @Test
    void aBodyOverTheLimitIs413() {
      ApiClient c = reader("big");
      String huge = "{\"opml\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
      // Every time, not only when the race goes its way: the client is still sending when the
      // 413 goes out, and a plain close would reset the connection under it.
      for (int i = 0; i < 10; i++) {
        Reply r = c.post("/api/opml", huge);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.error()).isEqualTo("payload_too_large");
      }
      assertThat(c.get("/api/session").status())
          .as("the reader's next call is served")
          .isEqualTo(200);
    }
  }

  @Nested
  class Rules {
    @Test
    void filtersAndAlertsAreCreatedListedAndDeleted() {
      ApiClient c = reader("rules");
      Reply f =
          c.post(
              "/api/filters",
              "{\"pattern\":\"sponsored\",\"field\":\"TITLE\",\"action\":\"HIDE\"}");
      assertThat(f.status()).isEqualTo(201);
      long filterId = f.json().path("filter").path("id").asLong();
      assertThat(c.get("/api/filters").json().path("filters")).hasSize(1);
      Reply badEnum = c.post("/api/filters", "{\"pattern\":\"x\",\"field\":\"NOSE\"}");
      assertThat(badEnum.status()).isEqualTo(400);
      assertThat(badEnum.json().path("message").asText())
          .isEqualTo(
              "field: 'NOSE' is not valid; expected one of ANY, TITLE, CONTENT, AUTHOR, URL,"
                  + " CATEGORY");
      Reply badType = c.post("/api/filters", "{\"pattern\":\"x\",\"enabled\":\"often\"}");
      assertThat(badType.status()).isEqualTo(400);
      assertThat(badType.json().path("message").asText())
          .isEqualTo("enabled: 'often' is not valid; expected true or false");
      Reply notAnObject = c.post("/api/filters", "[1, 2]");
      assertThat(notAnObject.status()).isEqualTo(400);
      assertThat(notAnObject.json().path("message").asText())
          .isEqualTo("a JSON object is expected");
      Reply badElement = c.post("/api/entries/state", "{\"entryIds\":[1,\"x\"],\"read\":true}");
      assertThat(badElement.status()).isEqualTo(400);
      assertThat(badElement.json().path("message").asText())
          .isEqualTo("entryIds[1]: 'x' is not valid; expected a whole number");
      assertThat(c.post("/api/filters", "{\"pattern\":\"(unclosed\",\"match\":\"REGEX\"}").status())
          .isEqualTo(400);
      assertThat(c.send("DELETE", "/api/filters/" + filterId, null, Map.of()).status())
          .isEqualTo(204);
      assertThat(c.send("DELETE", "/api/filters/" + filterId, null, Map.of()).status())
          .isEqualTo(404);

      Reply a = c.post("/api/alerts", "{\"query\":\"volcano\"}");
      assertThat(a.status()).isEqualTo(201);
      assertThat(a.json().path("alert").path("name").asText()).isEqualTo("volcano");
      assertThat(c.post("/api/alerts", "{\"query\":\"  \"}").status()).isEqualTo(400);
      assertThat(c.get("/api/alerts/hits").json().path("hits")).isEmpty();
      assertThat(c.post("/api/alerts/hits/ack", "{\"hitIds\":[]}").status()).isEqualTo(400);
    }

    @Test
    void anAlertHitsWhenAMatchingEntryArrives() {
      ApiClient c = reader("watcher");
      String path = "/" + name("watch") + ".xml";
      String g1 = name("w");
      String url = feed(path, "Quiet day in town", g1);
      assertThat(c.post("/api/subscriptions", "{\"url\":\"" + url + "\"}").status()).isEqualTo(201);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> c.get("/api/river").json().path("items").size() == 1);
      assertThat(c.post("/api/alerts", "{\"query\":\"volcano\"}").status()).isEqualTo(201);

      feed(path, "Quiet day in town", g1, "Volcano erupts near the coast", name("w"));
      long feedId =
          c.get("/api/subscriptions").json().path("subscriptions").get(0).path("feedId").asLong();
      stack
          .fetcherRpc()
          .refreshFeed(new com.inkzee.rpc.api.fetcher.FetcherMessages.RefreshRequest(feedId));

      JsonNode hits =
          await()
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(250))
              .until(() -> c.get("/api/alerts/hits").json().path("hits"), h -> h.size() == 1);
      JsonNode hit = hits.get(0);
      assertThat(hit.path("alertName").asText()).isEqualTo("volcano");
      assertThat(hit.path("entry").path("title").asText())
          .isEqualTo("Volcano erupts near the coast");
      assertThat(hit.path("acknowledgedAt").isNull()).isTrue();
      Reply ack = c.post("/api/alerts/hits/ack", "{\"hitIds\":[" + hit.path("id").asLong() + "]}");
      assertThat(ack.json().path("acknowledged").asInt()).isEqualTo(1);
      assertThat(
              c.get("/api/alerts/hits").json().path("hits").get(0).path("acknowledgedAt").isNull())
          .isFalse();
    }
  }

  @Test
  void aUrlThatIsNotValidlyPercentEncodedIs400AndTheConnectionStaysUsable() throws Exception {
    Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded");
    try (RawHttp http = new RawHttp(stack.web.port())) {
      for (String[] call :
          List.of(
              new String[] {"GET", "/api/river?cursor=%"},
              new String[] {"GET", "/api/entries/%zz"},
              new String[] {"POST", "/api/fever/?api&since_id=%zz"},
              new String[] {"POST", "/api/greader/accounts/ClientLogin?Email=ann%"})) {
        RawHttp.Answer a =
            http.send(
                call[0],
                call[1],
                call[0].equals("POST") ? form : Map.of(),
                call[0].equals("POST") ? "api_key=x" : "");
        assertThat(a.status()).as(call[1]).isEqualTo(400);
        assertThat(a.header("Content-Type")).startsWith("application/json");
        JsonNode error = new ObjectMapper().readTree(a.body());
        assertThat(error.path("error").asText()).isEqualTo("bad_request");
        assertThat(error.path("message").asText()).as(call[1]).contains("percent-encoded");
        assertThat(a.header("Connection")).as(call[1]).isNotEqualToIgnoringCase("close");
      }
      // The same connection goes on serving.
      RawHttp.Answer next = http.send("GET", "/api/session", Map.of(), "");
      assertThat(next.status()).isEqualTo(401);
    }
  }

  @Test
  void aRankerThatIsDownIs503WithAClearMessage() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    WebMain.Running lonely =
        WebMain.start(
            new com.inkzee.rpc.config.Env(
                Map.of(
                    "INKZEE_HTTP_PORT", "0",
                    "INKZEE_RANKER_ENDPOINTS", "127.0.0.1:" + closed,
                    "INKZEE_SHUTDOWN_GRACE_SECONDS", "1")));
    try {
      ApiClient c = new ApiClient("http://127.0.0.1:" + lonely.port());
      Reply r = c.signIn("/api/signin", "someone", "some password");
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.error()).isEqualTo("backend_unavailable");
      assertThat(r.json().path("message").asText()).contains("cannot be reached");
      assertThat(r.header("Retry-After")).isNotNull();
    } finally {
      lonely.close();
    }
  }

  private static List<Long> ids(JsonNode items) {
    List<Long> out = new ArrayList<>();
    items.forEach(i -> out.add(i.path("entryId").asLong()));
    return out;
  }
}
