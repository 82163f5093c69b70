package com.inkzee.web.fever;

import static com.inkzee.web.fever.FeverApps.entry;
import static com.inkzee.web.fever.FeverApps.idList;
import static com.inkzee.web.fever.FeverApps.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.web.fever.FeverApps.Answer;
import com.inkzee.web.fever.FeverApps.App;
import com.inkzee.web.testing.WebStack;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Fever API over real HTTP against the real backend ({@link WebStack}), called as reading apps
 * call it. The shapes checked are the spec's (https://feedafever.com/api, copied at
 * github.com/bazqux/bazqux-api FeverAPI.md) with the details apps rely on as the servers they are
 * used with answer them: Miniflux ({@code internal/fever/handler.go}, {@code response.go}: {@code
 * auth} 0 with 200 for a bad key, {@code since_id} ascending and {@code max_id} descending by id,
 * 50 items a page) and FreshRSS ({@code p/api/fever.php}: the key read from the POSTed form only,
 * every part asked for in one answer, a mark answered with the unread or saved ids); and as one
 * app's source shows it calls (Fluent Reader's {@code src/scripts/models/services/fever.ts}: the
 * endpoint plus {@code ?api}, a urlencoded POST body, {@code max_id} from the largest integer).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeverApiTest {
  private static final Duration ARRIVAL = Duration.ofSeconds(30);

  @TempDir static Path dir;
  private WebStack stack;
  private FeverApps apps;

  @BeforeAll
  void start() throws Exception {
    stack = new WebStack(dir);
    apps = new FeverApps(stack);
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  /**
   * Waits for the clock's next whole second and returns it (Unix seconds): everything stored before
   * the call was first seen before it, everything stored after, at or after it.
   */
  private static long nextSecond() {
    long next = Instant.now().getEpochSecond() + 1;
    await()
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> Instant.now().getEpochSecond() >= next);
    return next;
  }

  private static Instant hoursAgo(int h) {
    return Instant.now().minus(h, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
  }

  @Test
  void aGoodKeyIsAuth1AndAWrongMissingOrRevokedOneAuth0AndNothingElse() {
    App app = apps.app("keys");
    Answer ok = apps.call(app.key(), "");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().path("api_version").asInt()).isEqualTo(3);
    assertThat(ok.auth()).isEqualTo(1);
    long refreshed = ok.json().path("last_refreshed_on_time").asLong();
    assertThat(refreshed)
        .isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond() + 5);
    // Apps compute the key themselves: upper-case hex is the same key.
    assertThat(apps.call(app.key().toUpperCase(), "").auth()).isEqualTo(1);

    String otherKey = com.inkzee.web.apps.AppPasswords.feverKey(app.name(), "not-the-password");
    for (String key : List.of(otherKey, "not hex at all", "")) {
      Answer wrong = apps.call(key, "groups");
      assertThat(wrong.status()).isEqualTo(200);
      assertThat(wrong.json().size()).as("api_version and auth only").isEqualTo(2);
      assertThat(wrong.json().path("api_version").asInt()).isEqualTo(3);
      assertThat(wrong.auth()).isEqualTo(0);
    }
    assertThat(apps.call(null, "feeds").auth()).isEqualTo(0);
    // The key only counts in the form, never in the URL.
    assertThat(apps.call(null, "feeds&api_key=" + app.key()).auth()).isEqualTo(0);
    // Another name with the same password is another key.
    assertThat(
            apps.call(com.inkzee.web.apps.AppPasswords.feverKey("someone", app.password()), "")
                .auth())
        .isEqualTo(0);
    // No CSRF checks: a desktop app's web view may send an Origin and Sec-Fetch-Site of its own.
    Answer elsewhere =
        apps.send(
            "POST",
            "/api/fever/?api&feeds",
            "application/x-www-form-urlencoded",
            "api_key=" + app.key(),
            Map.of("Origin", "https://elsewhere.example", "Sec-Fetch-Site", "cross-site"));
    assertThat(elsewhere.status()).isEqualTo(200);
    assertThat(elsewhere.auth()).isEqualTo(1);
    assertThat(elsewhere.json().path("feeds").isArray()).isTrue();
    // The reader's session cookie is no credential here.
    Answer withCookie =
        apps.send(
            "POST",
            "/api/fever/?api&feeds",
            "application/x-www-form-urlencoded",
            "api_key=",
            Map.of("Cookie", app.web().cookie));
    assertThat(withCookie.auth()).isEqualTo(0);
    assertThat(withCookie.json().has("feeds")).isFalse();

    assertThat(
            app.web()
                .send("DELETE", "/api/app-passwords/" + app.appPasswordId(), null, Map.of())
                .status())
        .isEqualTo(204);
    Answer revoked = apps.call(app.key(), "items");
    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.auth()).isEqualTo(0);
    assertThat(revoked.json().has("items")).isFalse();
  }

  @Test
  void groupsFeedsAndFavicons() {
    App app = apps.app("lists");
    long tech1 = apps.follow(app, "Tech");
    long tech2 = apps.follow(app, "Tech");
    long loose = apps.follow(app, null);
    apps.ingest(tech1, List.of(entry("Chips get smaller", "<p>x</p>", hoursAgo(3))));

    Answer groups = apps.call(app.key(), "groups");
    assertThat(groups.auth()).isEqualTo(1);
    JsonNode g = groups.json().path("groups");
    assertThat(g).hasSize(1);
    long techId = g.get(0).path("id").asLong();
    assertThat(techId).isPositive().isLessThanOrEqualTo(Integer.MAX_VALUE);
    assertThat(g.get(0).path("title").asText()).isEqualTo("Tech");
    JsonNode fg = groups.json().path("feeds_groups");
    assertThat(fg).hasSize(1);
    assertThat(fg.get(0).path("group_id").asLong()).isEqualTo(techId);
    assertThat(idList(fg.get(0).path("feed_ids").asText())).containsExactlyInAnyOrder(tech1, tech2);
    assertThat(groups.json().has("feeds")).isFalse();

    // Both parts in one call, as FreshRSS answers.
    Answer both = apps.call(app.key(), "feeds&favicons");
    JsonNode feeds = both.json().path("feeds");
    assertThat(feeds).hasSize(3);
    assertThat(both.json().path("feeds_groups")).isEqualTo(fg);
    JsonNode favicons = both.json().path("favicons");
    assertThat(favicons).hasSize(1);
    long iconId = favicons.get(0).path("id").asLong();
    assertThat(favicons.get(0).path("data").asText()).startsWith("image/png;base64,iVBOR");
    Set<Long> feedIds = new HashSet<>();
    for (JsonNode f : feeds) {
      feedIds.add(f.path("id").asLong());
      assertThat(f.path("favicon_id").asLong()).isEqualTo(iconId);
      assertThat(f.path("title").asText()).isNotEmpty();
      assertThat(f.path("url").asText()).startsWith("http://127.0.0.1:");
      assertThat(f.path("site_url").isTextual()).isTrue();
      assertThat(f.path("is_spark").asInt()).isZero();
      assertThat(f.path("last_updated_on_time").canConvertToLong()).isTrue();
    }
    assertThat(feedIds).containsExactlyInAnyOrder(tech1, tech2, loose);
    JsonNode withEntry =
        feeds.findParents("id").stream()
            .filter(f -> f.path("id").asLong() == tech1)
            .findFirst()
            .orElseThrow();
    assertThat(withEntry.path("last_updated_on_time").asLong()).isPositive();
  }

  @Test
  void itemsPageByIdBothWaysWithCleanHtmlAndTheSyncLists() {
    App app = apps.app("items");
    long feed = apps.follow(app, null);
    // Item 0 first, alone: ids grow in the order entries arrive, so it has the lowest.
    apps.ingest(
        feed,
        List.of(
            entry(
                "Item 0",
                "<p onclick=\"steal()\">Body 0</p><script>alert(1)</script>"
                    + "<a href=\"javascript:alert(2)\">x</a><img src=\"https://img.example/a.png\">",
                hoursAgo(200))));
    List<EntryInput> stored = new ArrayList<>();
    for (int i = 1; i < 120; i++) {
      stored.add(entry("Item " + i, "<p>Body " + i + "</p>", hoursAgo(200 - i)));
    }
    apps.ingest(feed, stored);

    Answer first = apps.call(app.key(), "items&since_id=0");
    assertThat(first.auth()).isEqualTo(1);
    assertThat(first.json().path("total_items").asInt()).isEqualTo(120);
    JsonNode items = first.json().path("items");
    assertThat(items).hasSize(50);
    List<Long> ascending = ids(items);
    assertThat(ascending).isSorted().doesNotHaveDuplicates();
    JsonNode item0 = items.get(0);
    assertThat(item0.path("title").asText()).isEqualTo("Item 0");
    assertThat(item0.path("feed_id").asLong()).isEqualTo(feed);
    assertThat(item0.path("author").asText()).isEqualTo("Staff Writer");
    assertThat(item0.path("url").asText()).startsWith("https://news.example/");
    assertThat(item0.path("is_read").asInt()).isZero();
    assertThat(item0.path("is_saved").asInt()).isZero();
    assertThat(item0.path("created_on_time").asLong())
        .isCloseTo(hoursAgo(200).getEpochSecond(), within(5L));
    String html = item0.path("html").asText();
    assertThat(html)
        .contains("Body 0")
        .contains("https://img.example/a.png")
        .doesNotContain("script")
        .doesNotContain("onclick")
        .doesNotContain("javascript:");
    for (JsonNode i : items) {
      String n = i.path("title").asText().substring("Item ".length());
      if (!n.equals("0")) {
        assertThat(i.path("html").asText()).isEqualTo("<p>Body " + n + "</p>");
      }
    }

    Answer next = apps.call(app.key(), "items&since_id=" + ascending.get(49));
    assertThat(ids(next.json().path("items")))
        .hasSize(50)
        .isSorted()
        .allMatch(id -> id > ascending.get(49));
    // No paging argument: from the oldest, as since_id=0.
    assertThat(ids(apps.call(app.key(), "items").json().path("items"))).isEqualTo(ascending);

    List<Long> newest = ids(apps.call(app.key(), "items&max_id=0").json().path("items"));
    assertThat(newest).hasSize(50).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    // Fluent Reader (src/scripts/models/services/fever.ts) starts at JavaScript's largest safe
    // integer, then at int32's largest when that answers nothing.
    assertThat(ids(apps.call(app.key(), "items&max_id=9007199254740991").json().path("items")))
        .isEqualTo(newest);
    assertThat(ids(apps.call(app.key(), "items&max_id=2147483647").json().path("items")))
        .isEqualTo(newest);
    List<Long> older =
        ids(apps.call(app.key(), "items&max_id=" + newest.get(49)).json().path("items"));
    assertThat(older).hasSize(50).allMatch(id -> id < newest.get(49));
    assertThat(older).isSortedAccordingTo((a, b) -> Long.compare(b, a));

    String some = ascending.get(3) + "," + ascending.get(1) + "," + newest.get(0);
    List<Long> picked = ids(apps.call(app.key(), "items&with_ids=" + some).json().path("items"));
    assertThat(picked).containsExactlyInAnyOrder(ascending.get(1), ascending.get(3), newest.get(0));

    // The sync lists: every unread id, and the saved ones.
    Answer unread = apps.call(app.key(), "unread_item_ids&saved_item_ids");
    List<Long> unreadIds = idList(unread.json().path("unread_item_ids").asText());
    assertThat(unreadIds).hasSize(120).containsAll(ascending).containsAll(newest).isSorted();
    assertThat(newest.get(0)).as("max_id=0 starts at the newest").isEqualTo(unreadIds.get(119));
    assertThat(ascending.get(0)).as("since_id=0 starts at the oldest").isEqualTo(unreadIds.get(0));
    assertThat(unread.json().path("saved_item_ids").asText()).isEmpty();

    // A mark is answered with the list it changed.
    Answer saved =
        apps.call(app.key(), "", "mark", "item", "as", "saved", "id", "" + ascending.get(2));
    assertThat(saved.json().path("saved_item_ids").asText()).isEqualTo("" + ascending.get(2));
    Answer read =
        apps.call(app.key(), "", "mark", "item", "as", "read", "id", "" + ascending.get(2));
    assertThat(idList(read.json().path("unread_item_ids").asText()))
        .hasSize(119)
        .doesNotContain(ascending.get(2));
    JsonNode again =
        apps.call(app.key(), "items&with_ids=" + ascending.get(2)).json().path("items").get(0);
    assertThat(again.path("is_read").asInt()).isEqualTo(1);
    assertThat(again.path("is_saved").asInt()).isEqualTo(1);
    apps.call(app.key(), "", "mark", "item", "as", "unread", "id", "" + ascending.get(2));
    apps.call(app.key(), "", "mark", "item", "as", "unsaved", "id", "" + ascending.get(2));
    JsonNode undone =
        apps.call(app.key(), "items&with_ids=" + ascending.get(2)).json().path("items").get(0);
    assertThat(undone.path("is_read").asInt()).isZero();
    assertThat(undone.path("is_saved").asInt()).isZero();

    // Another reader's key sees none of these items.
    App stranger = apps.app("stranger");
    Answer theirs = apps.call(stranger.key(), "items&with_ids=" + some);
    assertThat(theirs.json().path("items")).isEmpty();
    assertThat(theirs.json().path("total_items").asInt()).isZero();
  }

  /**
   * The sweep an app makes on first sync: {@code since_id} from 0 until an empty page, over 10,000
   * items, with 50 more arriving half-way; every item comes exactly once, in ascending order.
   */
  @Test
  void pagingTenThousandItemsWithSinceIdReturnsEachExactlyOnce() {
    App app = apps.app("sweep");
    long feed = apps.follow(app, null);
    List<EntryInput> stored = new ArrayList<>();
    Instant base = hoursAgo(24 * 20);
    for (int i = 0; i < 10_000; i++) {
      stored.add(entry("Sweep " + i, "<p>" + i + "</p>", base.plusSeconds(60L * i)));
    }
    apps.ingest(feed, stored);

    List<Long> seen = new ArrayList<>();
    Set<String> titles = new HashSet<>();
    long since = 0;
    int pages = 0;
    int maxPages = (10_000 + 50) / FeverItems.PAGE + 2;
    while (pages < maxPages) {
      Answer a = apps.call(app.key(), "items&since_id=" + since);
      assertThat(a.status()).isEqualTo(200);
      JsonNode items = a.json().path("items");
      pages++;
      if (items.isEmpty()) {
        break;
      }
      assertThat(items.size()).isLessThanOrEqualTo(FeverItems.PAGE);
      for (JsonNode i : items) {
        seen.add(i.path("id").asLong());
        titles.add(i.path("title").asText());
      }
      since = seen.get(seen.size() - 1);
      if (pages == 100) {
        List<EntryInput> late = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          late.add(entry("Late " + i, "<p>late</p>", hoursAgo(1)));
        }
        apps.ingest(feed, late);
      }
    }
    assertThat(pages).as("pages until an empty one").isEqualTo(10_050 / 50 + 1);
    assertThat(seen).hasSize(10_050).doesNotHaveDuplicates().isSorted();
    assertThat(titles).hasSize(10_050).contains("Sweep 0", "Sweep 9999", "Late 0", "Late 49");
    Answer ids = apps.call(app.key(), "unread_item_ids");
    assertThat(idList(ids.json().path("unread_item_ids").asText()))
        .hasSize(10_050)
        .containsExactlyElementsOf(seen);
  }

  @Test
  void marksSetThroughFeverShowInTheReaderAndTheReadersInFever() {
    App app = apps.app("both");
    long feed = apps.follow(app, null);
    apps.ingest(
        feed,
        List.of(
            entry("Harbour bridge reopens", "<p>a</p>", hoursAgo(2)),
            entry("Night trains return", "<p>b</p>", hoursAgo(1))));
    JsonNode river = awaitRiver(app, "read=all&feed=" + feed, 2);
    long a = river.get(0).path("entryId").asLong();
    long b = river.get(1).path("entryId").asLong();

    apps.call(app.key(), "", "mark", "item", "as", "read", "id", "" + a);
    apps.call(app.key(), "", "mark", "item", "as", "saved", "id", "" + a);
    JsonNode inReader =
        item(app.web().get("/api/river?read=all&feed=" + feed).json().path("items"), a);
    assertThat(inReader.path("read").asBoolean()).isTrue();
    assertThat(inReader.path("starred").asBoolean()).isTrue();
    assertThat(entryIds(app.web().get("/api/river?feed=" + feed).json().path("items"), "entryId"))
        .containsExactly(b);

    assertThat(
            app.web()
                .post(
                    "/api/entries/state",
                    "{\"entryIds\":[" + b + "],\"read\":true,\"starred\":true}")
                .status())
        .isEqualTo(200);
    JsonNode inFever = apps.call(app.key(), "items&with_ids=" + b).json().path("items").get(0);
    assertThat(inFever.path("is_read").asInt()).isEqualTo(1);
    assertThat(inFever.path("is_saved").asInt()).isEqualTo(1);
    Answer lists = apps.call(app.key(), "unread_item_ids&saved_item_ids");
    assertThat(lists.json().path("unread_item_ids").asText()).isEmpty();
    assertThat(idList(lists.json().path("saved_item_ids").asText()))
        .containsExactlyInAnyOrder(a, b);
  }

  @Test
  void aFeedOrAGroupIsMarkedReadUpToBefore() {
    App app = apps.app("upto");
    long tech = apps.follow(app, "Tech");
    long art = apps.follow(app, "Art");
    long loose = apps.follow(app, null);
    // "before" is the app's last refresh: what had arrived by then is read, what arrived later is
    // not, even when it was published earlier (a backdated post, a feed just followed).
    apps.ingest(tech, List.of(entry("T old", "<p>t</p>", hoursAgo(5))));
    apps.ingest(art, List.of(entry("A old", "<p>a</p>", hoursAgo(5))));
    apps.ingest(loose, List.of(entry("L old", "<p>l</p>", hoursAgo(5))));
    long before = nextSecond();
    apps.ingest(tech, List.of(entry("T new", "<p>t</p>", hoursAgo(6))));
    apps.ingest(art, List.of(entry("A new", "<p>a</p>", hoursAgo(6))));
    apps.ingest(loose, List.of(entry("L new", "<p>l</p>", hoursAgo(6))));

    Answer feed =
        apps.call(
            app.key(), "", "mark", "feed", "as", "read", "id", "" + tech, "before", "" + before);
    assertThat(feed.status()).isEqualTo(200);
    assertThat(unreadTitles(app))
        .containsExactlyInAnyOrder("T new", "A old", "A new", "L old", "L new");

    JsonNode groups = apps.call(app.key(), "groups").json().path("groups");
    long artGroup =
        groups.findParents("title").stream()
            .filter(g -> g.path("title").asText().equals("Art"))
            .findFirst()
            .orElseThrow()
            .path("id")
            .asLong();
    apps.call(
        app.key(), "", "mark", "group", "as", "read", "id", "" + artGroup, "before", "" + before);
    assertThat(unreadTitles(app)).containsExactlyInAnyOrder("T new", "A new", "L old", "L new");

    // Sparks (-1): no feeds here, nothing read.
    Answer sparks =
        apps.call(app.key(), "", "mark", "group", "as", "read", "id", "-1", "before", "" + before);
    assertThat(sparks.status()).isEqualTo(200);
    assertThat(unreadTitles(app)).hasSize(4);
    // Kindling (0): every feed.
    Answer all =
        apps.call(
            app.key(), "", "mark", "group", "as", "read", "id", "0", "before", "" + nextSecond());
    assertThat(all.json().path("unread_item_ids").asText()).isEmpty();
    assertThat(unreadTitles(app)).isEmpty();

    // A feed or group the reader does not have is 404, not someone else's entries marked.
    App other = apps.app("other");
    Answer notTheirs =
        apps.call(
            other.key(), "", "mark", "feed", "as", "read", "id", "" + tech, "before", "" + before);
    assertThat(notTheirs.status()).isEqualTo(404);
    assertThat(notTheirs.auth()).isEqualTo(1);
    assertThat(
            apps.call(other.key(), "", "mark", "group", "as", "read", "id", "12345", "before", "1")
                .status())
        .isEqualTo(404);
  }

  private Answer markRead(App app, String what, long id, String before) {
    return apps.call(app.key(), "", "mark", what, "as", "read", "id", "" + id, "before", before);
  }

  @Test
  void aBeforeTooLargeForATimestampMarksEverythingSoFar() {
    App app = apps.app("huge");
    long feed = apps.follow(app, "Huge");
    apps.ingest(feed, List.of(entry("One", "<p>1</p>", hoursAgo(2))));
    // An app's clock bug or a millisecond time: not a 500, but what it means, everything so far.
    Answer marked = markRead(app, "feed", feed, "99999999999999999");
    assertThat(marked.status()).isEqualTo(200);
    assertThat(marked.json().path("unread_item_ids").asText()).isEmpty();

    apps.ingest(feed, List.of(entry("Two", "<p>2</p>", hoursAgo(1))));
    Answer group = markRead(app, "group", 0, Long.toString(Long.MAX_VALUE));
    assertThat(group.status()).isEqualTo(200);
    assertThat(group.json().path("unread_item_ids").asText()).isEmpty();

    apps.ingest(feed, List.of(entry("Three", "<p>3</p>", hoursAgo(1))));
    Answer millis = markRead(app, "feed", feed, Long.toString(System.currentTimeMillis()));
    assertThat(millis.status()).isEqualTo(200);
    assertThat(unreadTitles(app)).isEmpty();
  }

  @Test
  void aFormThatCannotBeReadIs400BeforeTheKeyIsChecked() {
    App app = apps.app("multipart");
    String body =
        "--x\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\n"
            + app.key()
            + "\r\n--x--\r\n";
    assertThat(apps.send("POST", "/api/fever/?api", "multipart/form-data; boundary=x", body).auth())
        .as("the same form, readable")
        .isEqualTo(1);
    for (String type :
        List.of(
            "multipart/form-data; boundary=x; charset=nope", "multipart/form-data; boundary=")) {
      Answer a = apps.send("POST", "/api/fever/?api", type, body);
      assertThat(a.status()).as(type).isEqualTo(400);
      assertThat(a.json().path("error").asText()).isEqualTo("bad_request");
      assertThat(a.json().path("message").asText()).as(type).contains("the form cannot be read");
      assertThat(a.json().has("auth")).as("the key could not be read: neither 1 nor 0").isFalse();
    }
    Answer percent =
        apps.send(
            "POST",
            "/api/fever/?api",
            "application/x-www-form-urlencoded",
            "api_key=" + app.key() + "&mark=%zz");
    assertThat(percent.status()).isEqualTo(400);
    assertThat(percent.json().has("auth")).isFalse();
  }

  /**
   * A story carried by two feeds is one duplicate cluster: one hot link whose {@code item_ids} are
   * both copies, and marking one read through Fever reads the other (as the ranker's tests make
   * near-duplicates: the same canonical URL, tracking parameters aside, and one fingerprint).
   */
  @Test
  void aStoryInTwoFeedsIsOneHotLinkAndReadingOneCopyReadsBoth() {
    App app = apps.app("dupes");
    long wireA = apps.follow(app, null);
    long wireB = apps.follow(app, null);
    String key = FeverApps.unique("story");
    String host = FeverApps.unique("harbour") + ".example";
    long fp = FeverApps.fingerprint(key);
    String title = "Harbour bridge reopens after two years of repairs";
    apps.ingest(
        wireA,
        List.of(
            entry(
                key + "a",
                title,
                "https://" + host + "/bridge?utm_source=rss",
                "<p>" + title + "</p>",
                hoursAgo(2),
                fp)));
    apps.ingest(
        wireB,
        List.of(
            entry(
                key + "b",
                title,
                "https://" + host + "/bridge",
                "<p>" + title + "</p>",
                hoursAgo(2),
                fp)));
    apps.ingest(wireA, List.of(entry("Unrelated weather report", "<p>rain</p>", hoursAgo(1))));

    JsonNode clustered =
        await()
            .atMost(ARRIVAL)
            .pollInterval(Duration.ofMillis(250))
            .until(
                () -> app.web().get("/api/river").json().path("items"),
                items -> items.size() == 2 && hasCluster(items));
    assertThat(clustered).hasSize(2);

    Answer hot = apps.call(app.key(), "links");
    assertThat(hot.auth()).isEqualTo(1);
    JsonNode links = hot.json().path("links");
    assertThat(links).hasSize(1);
    JsonNode link = links.get(0);
    List<Long> copies = idList(link.path("item_ids").asText());
    assertThat(copies).hasSize(2);
    assertThat(link.path("item_id").asLong()).isIn(copies);
    assertThat(link.path("id").asLong()).isPositive();
    assertThat(link.path("feed_id").asLong()).isIn(wireA, wireB);
    assertThat(link.path("is_item").asInt()).isEqualTo(1);
    assertThat(link.path("is_local").asInt()).isEqualTo(1);
    assertThat(link.path("is_saved").asInt()).isZero();
    assertThat(link.path("title").asText()).isEqualTo(title);
    assertThat(link.path("url").asText()).startsWith("https://" + host + "/bridge");
    assertThat(link.path("temperature").isNumber()).isTrue();
    assertThat(link.path("temperature").asDouble()).isGreaterThanOrEqualTo(0);
    // The range excludes it: a week ending 30 days ago.
    assertThat(apps.call(app.key(), "links&offset=30&range=7").json().path("links")).isEmpty();
    assertThat(apps.call(app.key(), "links&page=2").json().path("links")).isEmpty();

    long one = copies.get(0);
    long theOther = copies.get(1);
    Answer read = apps.call(app.key(), "", "mark", "item", "as", "read", "id", "" + one);
    assertThat(idList(read.json().path("unread_item_ids").asText()))
        .doesNotContain(one, theOther)
        .hasSize(1);
    JsonNode other = apps.call(app.key(), "items&with_ids=" + theOther).json().path("items").get(0);
    assertThat(other.path("is_read").asInt()).isEqualTo(1);
  }

  /**
   * {@code unread_recently_read=1} takes back the reading of the last ten minutes: here a whole
   * feed marked read by mistake. Which marks are recent, to the millisecond, is the ranker's to say
   * (RankerAppApiTest); here, that the app's call reaches it and answers the new unread list.
   */
  @Test
  void unreadRecentlyReadTakesBackAFeedJustMarkedRead() {
    App app = apps.app("undo");
    long feed = apps.follow(app, null);
    apps.ingest(
        feed,
        List.of(
            entry("Ferry timetable changes for the winter", "<p>a</p>", hoursAgo(3)),
            entry("Library opens late on Thursdays", "<p>b</p>", hoursAgo(2))));
    JsonNode river = awaitRiver(app, "read=all&feed=" + feed, 2);
    long a = river.get(0).path("entryId").asLong();
    long b = river.get(1).path("entryId").asLong();
    long before = nextSecond();
    Answer marked =
        apps.call(
            app.key(), "", "mark", "feed", "as", "read", "id", "" + feed, "before", "" + before);
    assertThat(marked.json().path("unread_item_ids").asText()).isEmpty();

    Answer undone = apps.call(app.key(), "", "unread_recently_read", "1");
    assertThat(undone.status()).isEqualTo(200);
    assertThat(undone.auth()).isEqualTo(1);
    assertThat(idList(undone.json().path("unread_item_ids").asText()))
        .containsExactlyInAnyOrder(a, b);
    assertThat(entryIds(app.web().get("/api/river?feed=" + feed).json().path("items"), "entryId"))
        .containsExactlyInAnyOrder(a, b);
    Answer again = apps.call(app.key(), "", "unread_recently_read", "1");
    assertThat(idList(again.json().path("unread_item_ids").asText()))
        .containsExactlyInAnyOrder(a, b);
  }

  @Test
  void badInputIsAClearErrorAndNeverAuth0() {
    App app = apps.app("careless");
    assertBad(apps.call(app.key(), "items&since_id=abc"), 400, "since_id");
    assertBad(apps.call(app.key(), "items&max_id=-1"), 400, "max_id");
    assertBad(apps.call(app.key(), "items&since_id=1&max_id=5"), 400, "one of since_id");
    assertBad(apps.call(app.key(), "items&with_ids=" + "1,".repeat(51)), 400, "with_ids");
    assertBad(
        apps.call(app.key(), "", "mark", "item", "as", "starred", "id", "1"), 400, "as must be");
    assertBad(apps.call(app.key(), "", "mark", "item", "as", "read"), 400, "id is required");
    assertBad(apps.call(app.key(), "", "mark", "feed", "as", "read", "id", "1"), 400, "before");
    assertBad(
        apps.call(app.key(), "", "mark", "feed", "as", "unread", "id", "1", "before", "1"),
        400,
        "as must be read");
    assertBad(
        apps.call(app.key(), "", "mark", "everything", "as", "read", "id", "1"),
        400,
        "mark must be");
    assertBad(apps.call(app.key(), "links&range=0"), 400, "range");
    assertBad(
        apps.call(app.key(), "", "unread_recently_read", "yes"),
        400,
        "unread_recently_read takes 1");
    Answer xml =
        apps.send(
            "POST",
            "/api/fever/?api=xml",
            "application/x-www-form-urlencoded",
            "api_key=" + app.key());
    assertBad(xml, 400, "xml");
    Answer noApi =
        apps.send(
            "POST",
            "/api/fever/?feeds",
            "application/x-www-form-urlencoded",
            "api_key=" + app.key());
    assertBad(noApi, 400, "?api");
    Answer json =
        apps.send(
            "POST", "/api/fever/?api", "application/json", "{\"api_key\":\"" + app.key() + "\"}");
    assertThat(json.status()).isEqualTo(415);
    assertThat(json.json().path("message").asText()).contains("form");
    assertThat(json.json().has("auth")).as("the key could not be read: neither 1 nor 0").isFalse();
    Answer put =
        apps.send(
            "PUT", "/api/fever/?api", "application/x-www-form-urlencoded", "api_key=" + app.key());
    assertThat(put.status()).isEqualTo(405);
    // Without the trailing slash too.
    assertThat(
            apps.send(
                    "POST",
                    "/api/fever?api",
                    "application/x-www-form-urlencoded",
                    "api_key=" + app.key())
                .auth())
        .isEqualTo(1);
    // A bad key is auth 0 even with bad arguments.
    assertThat(apps.call("0".repeat(32), "items&since_id=abc").auth()).isEqualTo(0);
  }

  private static void assertBad(Answer a, int status, String mentioning) {
    assertThat(a.status()).isEqualTo(status);
    assertThat(a.auth()).isEqualTo(1);
    assertThat(a.json().path("api_version").asInt()).isEqualTo(3);
    assertThat(a.json().path("message").asText()).contains(mentioning);
  }

  private List<String> unreadTitles(App app) {
    List<Long> unread =
        idList(apps.call(app.key(), "unread_item_ids").json().path("unread_item_ids").asText());
    if (unread.isEmpty()) {
      return List.of();
    }
    StringBuilder csv = new StringBuilder();
    for (long id : unread) {
      csv.append(csv.isEmpty() ? "" : ",").append(id);
    }
    List<String> titles = new ArrayList<>();
    apps.call(app.key(), "items&with_ids=" + csv)
        .json()
        .path("items")
        .forEach(i -> titles.add(i.path("title").asText()));
    return titles;
  }

  private JsonNode awaitRiver(App app, String query, int size) {
    return await()
        .atMost(ARRIVAL)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> app.web().get("/api/river?" + query).json().path("items"), i -> i.size() == size);
  }

  private static boolean hasCluster(JsonNode items) {
    for (JsonNode i : items) {
      if (i.path("alsoIn").size() == 1) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode item(JsonNode items, long entryId) {
    for (JsonNode i : items) {
      if (i.path("entryId").asLong() == entryId) {
        return i;
      }
    }
    throw new AssertionError("no entry " + entryId + " in " + items);
  }

  private static List<Long> entryIds(JsonNode items, String field) {
    List<Long> out = new ArrayList<>();
    items.forEach(i -> out.add(i.path(field).asLong()));
    return out;
  }
}
