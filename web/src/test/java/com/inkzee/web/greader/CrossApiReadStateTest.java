package com.inkzee.web.greader;

import static com.inkzee.web.greader.GReaderClient.enc;
import static com.inkzee.web.greader.GReaderClient.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.web.fever.FeverApps;
import com.inkzee.web.fever.FeverApps.App;
import com.inkzee.web.testing.WebStack;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One reader, three clients at once: the web reader's JSON API, a Google Reader app and a Fever app
 * signed in with the same app password. A mark set through any of them shows in the other two, as
 * it must for a reader who reads on the phone and the desktop: read and unread, starred (Fever's
 * "saved") and unstarred.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossApiReadStateTest {
  private static final Duration ARRIVAL = Duration.ofSeconds(30);
  private static final String READ = "user/-/state/com.google/read";
  private static final String STARRED = "user/-/state/com.google/starred";
  private static final String READING_LIST = "user/-/state/com.google/reading-list";

  @TempDir static Path dir;
  private WebStack stack;
  private FeverApps fever;

  @BeforeAll
  void start() throws Exception {
    stack = new WebStack(dir);
    fever = new FeverApps(stack);
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aMarkSetThroughAnyOfTheThreeShowsInTheOtherTwo() {
    App app = fever.app("everywhere");
    GReaderClient greader = new GReaderClient(stack.baseUrl());
    assertThat(greader.login(app.name(), app.password()).status()).isEqualTo(200);
    long feed = fever.follow(app, "News");
    Instant at = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    List<EntryInput> stories = new ArrayList<>();
    for (String title : List.of("Alpha story", "Bravo story", "Charlie story", "Delta story")) {
      stories.add(FeverApps.entry(title, "<p>" + title + " in full</p>", at));
      at = at.plusSeconds(60);
    }
    fever.ingest(feed, stories);
    Map<String, Long> id = idsByTitle(app);
    assertThat(id).hasSize(4);
    long a = id.get("Alpha story");
    long b = id.get("Bravo story");
    long c = id.get("Charlie story");
    long d = id.get("Delta story");
    await().atMost(ARRIVAL).until(() -> webUnread(app).size() == 4);
    assertThat(feverUnread(app)).containsExactlyInAnyOrder(a, b, c, d);
    assertThat(greaderUnread(greader)).containsExactlyInAnyOrder(a, b, c, d);

    // Google Reader reads A (by its short decimal id, as most apps send it).
    ok(greader.post("/reader/api/0/edit-tag", form("i", Long.toString(a), "a", READ)));
    assertThat(feverUnread(app)).containsExactlyInAnyOrder(b, c, d);
    assertThat(webUnread(app)).containsExactlyInAnyOrder(b, c, d);
    assertThat(webItem(app, a).path("read").asBoolean()).isTrue();

    // Fever reads B.
    assertThat(fever.call(app.key(), "", "mark", "item", "as", "read", "id", "" + b).auth())
        .isEqualTo(1);
    assertThat(greaderUnread(greader)).containsExactlyInAnyOrder(c, d);
    assertThat(webUnread(app)).containsExactlyInAnyOrder(c, d);

    // The web reader reads C.
    assertThat(
            app.web()
                .post("/api/entries/state", "{\"entryIds\":[" + c + "],\"read\":true}")
                .status())
        .isEqualTo(200);
    assertThat(feverUnread(app)).containsExactlyInAnyOrder(d);
    assertThat(greaderUnread(greader)).containsExactlyInAnyOrder(d);

    // Fever makes A unread again; Google Reader and the page see it unread.
    fever.call(app.key(), "", "mark", "item", "as", "unread", "id", "" + a);
    assertThat(greaderUnread(greader)).containsExactlyInAnyOrder(a, d);
    assertThat(webUnread(app)).containsExactlyInAnyOrder(a, d);

    // Google Reader stars D (long id form); Fever sees it saved, the page starred.
    ok(
        greader.post(
            "/reader/api/0/edit-tag",
            form("i", String.format("tag:google.com,2005:reader/item/%016x", d), "a", STARRED)));
    assertThat(feverSaved(app)).containsExactly(d);
    assertThat(webItem(app, d).path("starred").asBoolean()).isTrue();
    assertThat(greaderStream(greader, STARRED, null)).containsExactly(d);

    // Fever unsaves it; Google Reader's starred stream is empty again.
    fever.call(app.key(), "", "mark", "item", "as", "unsaved", "id", "" + d);
    assertThat(greaderStream(greader, STARRED, null)).isEmpty();
    assertThat(webItem(app, d).path("starred").asBoolean()).isFalse();
    assertThat(feverSaved(app)).isEmpty();
  }

  private static void ok(GReaderClient.Reply r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  /** Every item's id by title, from Fever's items (50 a page is plenty here). */
  private Map<String, Long> idsByTitle(App app) {
    Map<String, Long> ids = new HashMap<>();
    fever
        .call(app.key(), "items&since_id=0")
        .json()
        .path("items")
        .forEach(i -> ids.put(i.path("title").asText(), i.path("id").asLong()));
    return ids;
  }

  private Set<Long> feverUnread(App app) {
    return new TreeSet<>(
        FeverApps.idList(
            fever.call(app.key(), "unread_item_ids").json().path("unread_item_ids").asText()));
  }

  private Set<Long> feverSaved(App app) {
    return new TreeSet<>(
        FeverApps.idList(
            fever.call(app.key(), "saved_item_ids").json().path("saved_item_ids").asText()));
  }

  private static Set<Long> greaderUnread(GReaderClient g) {
    return greaderStream(g, READING_LIST, READ);
  }

  /** The decimal ids of a stream, without those carrying {@code exclude} (null: none). */
  private static Set<Long> greaderStream(GReaderClient g, String stream, String exclude) {
    GReaderClient.Reply r =
        g.get(
            "/reader/api/0/stream/items/ids?output=json&n=1000&s="
                + enc(stream)
                + (exclude == null ? "" : "&xt=" + enc(exclude)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    Set<Long> ids = new TreeSet<>();
    r.json().path("itemRefs").forEach(i -> ids.add(Long.parseLong(i.path("id").asText())));
    return ids;
  }

  /** The unread entries of the web reader's river. */
  private static Set<Long> webUnread(App app) {
    Set<Long> ids = new TreeSet<>();
    app.web().get("/api/river?order=newest").json().path("items").forEach(i -> ids.add(entryId(i)));
    return ids;
  }

  /** One entry as the web reader's river (read ones included) shows it. */
  private static JsonNode webItem(App app, long entryId) {
    for (JsonNode i : app.web().get("/api/river?order=newest&read=all").json().path("items")) {
      if (entryId(i) == entryId) {
        return i;
      }
    }
    throw new AssertionError("entry " + entryId + " is not in the web reader's river");
  }

  private static long entryId(JsonNode item) {
    return item.path("entryId").asLong();
  }
}
