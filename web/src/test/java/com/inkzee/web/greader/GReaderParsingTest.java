package com.inkzee.web.greader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.web.http.WebRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What needs no backend: item id forms, stream ids, stream parameters, continuations, the POST
 * token, form parsing and the auth header, each against the public descriptions of the dialect:
 *
 * <ul>
 *   <li>Miniflux, internal/googlereader/README.md (github.com/miniflux/v2), "Item IDs": the long
 *       form {@code tag:google.com,2005:reader/item/<16 hex>}, short prefixed hex, bare 16-digit
 *       hex, and decimal; {@code stream/items/ids} answers decimal strings; "Stream IDs"; {@code
 *       mark-all-as-read} "ts" in microseconds or seconds; "Authenticating API calls";
 *   <li>FreshRSS, p/api/greader.php ({@code dec2hex}, {@code streamContentsFilters}: {@code xt} /
 *       {@code it} with read, unread, starred; {@code r=o}; {@code ot} / {@code nt} in seconds; the
 *       57-character token) and its documentation page
 *       https://freshrss.github.io/FreshRSS/en/developers/06_GoogleReader_API.html;
 *   <li>the google-reader Python client's documentation (pypi.org/project/google-reader), "Item IDs
 *       Format": the short form is the id as a signed 64-bit decimal.
 * </ul>
 */
class GReaderParsingTest {
  private static final long USER = 42;

  @Test
  void itemIdsInEveryFormTheAppsSend() {
    assertThat(ItemIds.longForm(0x148b9369L))
        .isEqualTo("tag:google.com,2005:reader/item/00000000148b9369");
    assertThat(ItemIds.parse("tag:google.com,2005:reader/item/00000000148b9369", "i"))
        .isEqualTo(0x148b9369L);
    assertThat(ItemIds.parse("tag:google.com,2005:reader/item/2f2", "i")).isEqualTo(0x2f2L);
    assertThat(ItemIds.parse("000000000000048c", "i")).isEqualTo(0x48cL);
    assertThat(ItemIds.parse("12345", "i")).isEqualTo(12345L);
    assertThat(ItemIds.shortForm(12345)).isEqualTo("12345");
    long big = 0x7fff_ffff_0000_0001L;
    assertThat(ItemIds.parse(ItemIds.longForm(big), "i")).isEqualTo(big);
    assertThat(ItemIds.parse(Long.toString(big), "i")).isEqualTo(big);
  }

  @Test
  void badItemIdsAre400sNamingTheParameter() {
    for (String bad :
        List.of(
            "",
            "abc",
            "tag:google.com,2005:reader/item/",
            "tag:google.com,2005:reader/item/00000000000000000001",
            "tag:google.com,2005:reader/item/xyz",
            "-5",
            "0",
            "99999999999999999999")) {
      assertThatThrownBy(() -> ItemIds.parse(bad, "i"))
          .isInstanceOf(GReaderException.class)
          .hasMessageContaining("i ")
          .satisfies(e -> assertThat(((GReaderException) e).status()).isEqualTo(400));
    }
    assertThatThrownBy(() -> ItemIds.parseAll(List.of("1", "2", "3"), "i", 2))
        .hasMessageContaining("at most 2");
    assertThat(ItemIds.parseAll(List.of("1", ItemIds.longForm(1), "2"), "i", 5))
        .containsExactly(1L, 2L);
  }

  @Test
  void streamIds() {
    assertThat(StreamId.parse("user/-/state/com.google/reading-list", "s", USER))
        .isInstanceOf(StreamId.ReadingList.class);
    assertThat(StreamId.parse("user/42/state/com.google/starred", "s", USER))
        .isEqualTo(new StreamId.State("starred"));
    assertThat(StreamId.parse("feed/17", "s", USER)).isEqualTo(new StreamId.Feed(17));
    assertThat(StreamId.parse("feed/https://example.org/rss", "s", USER))
        .isEqualTo(new StreamId.FeedUrl("https://example.org/rss"));
    assertThat(StreamId.parse("user/-/label/Tech news", "s", USER))
        .isEqualTo(new StreamId.Label("Tech news"));
    assertThat(new StreamId.Label("Tech").id()).isEqualTo("user/-/label/Tech");
    for (String bad :
        List.of("feed/", "feed/0", "feed/ftp://x", "user/-/label/", "user/7/label/x", "nonsense")) {
      assertThatThrownBy(() -> StreamId.parse(bad, "s", USER))
          .isInstanceOf(GReaderException.class)
          .hasMessageStartingWith("s");
    }
    assertThatThrownBy(() -> StreamId.parse(null, "s", USER)).hasMessageContaining("required");
  }

  @Test
  void streamParameters() {
    StreamQuery q =
        StreamQuery.parse(
            params("n=50&r=o&xt=user/-/state/com.google/read&ot=1700000000&nt=1700003600"),
            new StreamId.ReadingList(),
            1000,
            USER);
    assertThat(q.count()).isEqualTo(50);
    assertThat(q.oldestFirst()).isTrue();
    assertThat(q.mustRead()).isFalse();
    assertThat(q.mustStarred()).isNull();
    assertThat(q.seenFrom()).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
    assertThat(q.seenUntil()).isEqualTo(Instant.ofEpochSecond(1_700_003_600));

    StreamQuery d = StreamQuery.parse(params(""), new StreamId.State("starred"), 1000, USER);
    assertThat(d.count()).isEqualTo(StreamQuery.DEFAULT_COUNT);
    assertThat(d.oldestFirst()).isFalse();
    assertThat(d.mustStarred()).isTrue();

    // n is capped, never refused: the rest comes with the continuation.
    assertThat(StreamQuery.parse(params("n=99999"), d.stream(), 1000, USER).count())
        .isEqualTo(1000);
    assertThat(
            StreamQuery.parse(
                    params("it=user/42/state/com.google/starred&xt=user/-/state/com.google/read"),
                    new StreamId.ReadingList(),
                    1000,
                    USER)
                .mustStarred())
        .isTrue();
  }

  @Test
  void badStreamParametersAre400sNamingThem() {
    StreamId rl = new StreamId.ReadingList();
    assertThatThrownBy(() -> StreamQuery.parse(params("n=0"), rl, 10, USER))
        .hasMessageStartingWith("n ");
    assertThatThrownBy(() -> StreamQuery.parse(params("n=x"), rl, 10, USER))
        .hasMessageStartingWith("n ");
    assertThatThrownBy(() -> StreamQuery.parse(params("r=z"), rl, 10, USER))
        .hasMessageStartingWith("r ");
    assertThatThrownBy(() -> StreamQuery.parse(params("ot=yesterday"), rl, 10, USER))
        .hasMessageStartingWith("ot ");
    assertThatThrownBy(() -> StreamQuery.parse(params("xt=user/-/label/x"), rl, 10, USER))
        .hasMessageStartingWith("xt ");
    assertThatThrownBy(
            () ->
                StreamQuery.parse(
                    params("xt=user/-/state/com.google/read&it=user/-/state/com.google/read"),
                    rl,
                    10,
                    USER))
        .hasMessageContaining("contradicts");
    assertThatThrownBy(() -> StreamQuery.parse(params("c=%21%21"), rl, 10, USER))
        .hasMessageStartingWith("c ");
    String newest = Continuation.byId(false, 5).encode();
    assertThatThrownBy(() -> StreamQuery.parse(params("r=o&c=" + newest), rl, 10, USER))
        .hasMessageContaining("r must stay");
  }

  @Test
  void continuationsRoundTripAndRefuseForgeries() {
    for (Continuation c :
        List.of(
            Continuation.byId(false, 123),
            Continuation.byId(true, Long.MAX_VALUE),
            Continuation.ranked("opaque:cursor/+="))) {
      String text = c.encode();
      assertThat(text).matches("[A-Za-z0-9_-]+");
      assertThat(Continuation.decode(text)).isEqualTo(c);
    }
    assertThat(Continuation.decode(null)).isNull();
    assertThat(Continuation.decode("")).isNull();
    for (String bad : List.of("123", "bjo=", "bjotMQ", "eDox", "cjo")) {
      assertThatThrownBy(() -> Continuation.decode(bad))
          .isInstanceOf(GReaderException.class)
          .hasMessageContaining("not a continuation this server gave");
    }
  }

  @Test
  void postTokenIsDerivedFromTheAuthTokenAndChecked() {
    String auth = "ann/" + "ab".repeat(32);
    String t = PostToken.forAuth(auth);
    assertThat(t).hasSize(57).matches("[0-9a-f]+");
    assertThat(PostToken.forAuth(auth)).isEqualTo(t); // any instance derives the same
    assertThat(PostToken.matches(t, auth)).isTrue();
    assertThat(PostToken.matches(t, "bob/" + "ab".repeat(32))).isFalse();
    assertThat(PostToken.matches("x", auth)).isFalse();
    assertThat(PostToken.matches("", auth)).isFalse();
    assertThat(PostToken.matches(null, auth)).isFalse();
    // What a POST may carry: the token, or FreshRSS's two allowances for apps that fetch none.
    assertThat(PostToken.accepts(t, auth)).isTrue();
    assertThat(PostToken.accepts(null, auth)).isTrue();
    assertThat(PostToken.accepts(" ", auth)).isTrue();
    assertThat(PostToken.accepts("x", auth)).isTrue();
    assertThat(PostToken.accepts("y", auth)).isFalse();
    assertThat(PostToken.accepts(PostToken.forAuth("bob/" + "ab".repeat(32)), auth)).isFalse();
  }

  @Test
  void authorizationHeader() {
    assertThat(GReaderApi.authToken("GoogleLogin auth=ann/abc")).isEqualTo("ann/abc");
    assertThat(GReaderApi.authToken("googlelogin   auth=ann/abc ")).isEqualTo("ann/abc");
    for (String bad : List.of("", "Bearer x", "GoogleLogin", "GoogleLogin auth=", "Basic YQ==")) {
      assertThatThrownBy(() -> GReaderApi.authToken(bad))
          .isInstanceOf(GReaderException.class)
          .satisfies(e -> assertThat(((GReaderException) e).status()).isEqualTo(401))
          .hasMessageContaining("GoogleLogin auth=");
    }
  }

  @Test
  void formBodyAndQueryMergeWithRepeatedNames() {
    HttpHeaders h = new DefaultHttpHeaders();
    h.set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
    WebRequest r =
        new WebRequest(
            "POST",
            "/x",
            new QueryStringDecoder("/x?i=1&T=tok").parameters(),
            h,
            "i=2&i=tag%3Agoogle.com%2C2005%3Areader%2Fitem%2F0000000000000003&t=&t=New+title"
                .getBytes(StandardCharsets.UTF_8));
    FormParams p = FormParams.of(r);
    assertThat(p.all("i"))
        .containsExactly("1", "2", "tag:google.com,2005:reader/item/0000000000000003");
    assertThat(p.first("T")).isEqualTo("tok");
    assertThat(p.raw("t")).containsExactly("", "New title");
    assertThat(p.all("t")).containsExactly("New title");

    h.set("Content-Type", "application/json");
    assertThatThrownBy(() -> FormParams.of(r))
        .isInstanceOf(GReaderException.class)
        .hasMessageContaining("x-www-form-urlencoded");
  }

  @Test
  void aFormBodyWithABadPercentEscapeIs400WithoutRepeatingIt() {
    HttpHeaders h = new DefaultHttpHeaders();
    h.set("Content-Type", "application/x-www-form-urlencoded");
    for (String body : List.of("Email=ann&Passwd=abc%", "i=%zz", "Passwd=s3cret%4")) {
      WebRequest r =
          new WebRequest("POST", "/x", Map.of(), h, body.getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> FormParams.of(r))
          .as(body)
          .isInstanceOfSatisfying(
              GReaderException.class, e -> assertThat(e.status()).isEqualTo(400))
          .hasMessageContaining("percent-encoded")
          .hasMessageNotContaining("ann")
          .hasMessageNotContaining("s3cret");
    }
  }

  @Test
  void markAllAsReadTimestamps() {
    assertThat(MarkCalls.timestamp("1700000000123456"))
        .isEqualTo(Instant.ofEpochSecond(1_700_000_000, 123_456_000));
    assertThat(MarkCalls.timestamp("1700000000")).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
    assertThat(MarkCalls.timestamp("1700000000123"))
        .isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
    assertThat(MarkCalls.timestamp(null)).isNull();
    assertThatThrownBy(() -> MarkCalls.timestamp("-1")).hasMessageStartingWith("ts ");
    assertThatThrownBy(() -> MarkCalls.timestamp("soon")).hasMessageStartingWith("ts ");
  }

  @Test
  void editTagStates() {
    MarkCalls.Marks m =
        MarkCalls.marks(
            params("a=user/-/state/com.google/read&r=user/42/state/com.google/starred"), USER);
    assertThat(m.read).isTrue();
    assertThat(m.starred).isFalse();
    assertThat(m.liking).isNull();
    MarkCalls.Marks unread = MarkCalls.marks(params("a=user/-/state/com.google/kept-unread"), USER);
    assertThat(unread.read).isFalse();
    assertThat(MarkCalls.marks(params("a=user/-/state/com.google/broadcast"), USER).any())
        .isFalse();
    assertThatThrownBy(() -> MarkCalls.marks(params(""), USER)).hasMessageContaining("a= or r=");
    assertThatThrownBy(() -> MarkCalls.marks(params("a=user/-/label/Tech"), USER))
        .hasMessageStartingWith("a ");
    assertThatThrownBy(
            () ->
                MarkCalls.marks(
                    params("a=user/-/state/com.google/read&r=user/-/state/com.google/read"), USER))
        .hasMessageContaining("read and unread");
  }

  private static FormParams params(String query) {
    return FormParams.of(
        new WebRequest(
            "GET",
            "/x",
            new QueryStringDecoder("/x?" + query).parameters(),
            new DefaultHttpHeaders(),
            new byte[0]));
  }
}
