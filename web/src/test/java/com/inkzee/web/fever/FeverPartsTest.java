package com.inkzee.web.fever;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.rpc.api.ranker.RankerMessages.AlsoIn;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverItem;
import com.inkzee.rpc.api.store.FeedState;
import com.inkzee.rpc.api.store.SubscriptionMessages.Subscription;
import com.inkzee.web.api.ApiException;
import com.inkzee.web.apps.ItemHtml;
import com.inkzee.web.http.WebRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The Fever API's parts without a backend: how arguments are read (query and form, as FreshRSS's
 * {@code $_REQUEST} and Miniflux's {@code FormValue} read them), folder ids, the link shape, and
 * the item HTML cleaning. The spec: https://feedafever.com/api (copied at
 * github.com/bazqux/bazqux-api FeverAPI.md).
 */
class FeverPartsTest {
  private static WebRequest request(String uri, String contentType, String body) {
    QueryStringDecoder q = new QueryStringDecoder(uri);
    HttpHeaders h = new DefaultHttpHeaders();
    if (contentType != null) {
      h.set("Content-Type", contentType);
    }
    return new WebRequest(
        "POST", q.path(), q.parameters(), h, body.getBytes(StandardCharsets.UTF_8));
  }

  @Nested
  class Params {
    @Test
    void flagsComeFromTheQueryAndTheKeyOnlyFromTheForm() {
      FeverParams p =
          FeverParams.of(
              request(
                  "/api/fever/?api&items&since_id=7&api_key=fromquery",
                  "application/x-www-form-urlencoded",
                  "api_key=0123456789abcdef0123456789ABCDEF&mark=item&as=read&id=5"));
      assertThat(p.apiKey()).isEqualTo("0123456789abcdef0123456789ABCDEF");
      assertThat(p.has("api")).isTrue();
      assertThat(p.get("api")).isEmpty();
      assertThat(p.has("items")).isTrue();
      assertThat(p.number("since_id", 0)).isEqualTo(7);
      assertThat(p.get("mark")).isEqualTo("item");
      assertThat(p.number("id", 1)).isEqualTo(5);
      assertThat(p.has("groups")).isFalse();

      FeverParams keyInQueryOnly = FeverParams.of(request("/api/fever/?api&api_key=k", null, ""));
      assertThat(keyInQueryOnly.apiKey()).isNull();
    }

    @Test
    void aMultipartFormIsReadToo() {
      String boundary = "----inkzee";
      String body =
          "--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\nabc\r\n--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\"mark\"\r\n\r\nfeed\r\n--"
              + boundary
              + "--\r\n";
      FeverParams p =
          FeverParams.of(
              request("/api/fever?api", "multipart/form-data; boundary=" + boundary, body));
      assertThat(p.apiKey()).isEqualTo("abc");
      assertThat(p.get("mark")).isEqualTo("feed");
    }

    @Test
    void badValuesAre400NamingTheArgument() {
      FeverParams p =
          FeverParams.of(
              request(
                  "/api/fever?api&since_id=abc&max_id=-3&with_ids=1,x,3&id=",
                  "application/x-www-form-urlencoded",
                  ""));
      assertThatThrownBy(() -> p.number("since_id", 0))
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("since_id");
      assertThatThrownBy(() -> p.number("max_id", 0)).hasMessageContaining("max_id");
      assertThatThrownBy(() -> p.number("id", 1)).hasMessageContaining("id is required");
      assertThatThrownBy(() -> p.idList("with_ids")).hasMessageContaining("'x'");
      String many = "1" + ",1".repeat(FeverParams.MAX_WITH_IDS);
      FeverParams tooMany = FeverParams.of(request("/api/fever?api&with_ids=" + many, null, ""));
      assertThatThrownBy(() -> tooMany.idList("with_ids")).hasMessageContaining("1 to 50");
      FeverParams trailing = FeverParams.of(request("/api/fever?api&with_ids=4,5,", null, ""));
      assertThat(trailing.idList("with_ids")).containsExactly(4L, 5L);
    }

    @Test
    void aFormNettyCannotReadIs400NotA500() {
      String body =
          "--x\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\nabc\r\n--x--\r\n";
      for (String type :
          List.of(
              "multipart/form-data; boundary=x; charset=nope",
              "multipart/form-data; boundary=x; charset=@@",
              "multipart/form-data; boundary=",
              "multipart/form-data")) {
        assertThatThrownBy(() -> FeverParams.of(request("/api/fever?api", type, body)))
            .as(type)
            .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
            .hasMessageContaining("the form cannot be read");
      }
      assertThatThrownBy(
              () ->
                  FeverParams.of(
                      request(
                          "/api/fever?api", "application/x-www-form-urlencoded", "api_key=ab%zz")))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void aBodyThatIsNotAFormIs415() {
      assertThatThrownBy(() -> FeverParams.of(request("/api/fever?api", "application/json", "{}")))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(415));
    }
  }

  @Nested
  class Groups {
    private Subscription sub(long feedId, String folder) {
      return new Subscription(
          feedId,
          "https://f" + feedId + ".example/feed",
          "F" + feedId,
          null,
          folder,
          0,
          FeedState.ACTIVE,
          Instant.EPOCH,
          false,
          null);
    }

    @Test
    void aFolderKeepsItsIdWhateverOtherFoldersThereAre() {
      FeverGroups one = new FeverGroups(List.of("Tech"), List.of(sub(1, "Tech")));
      FeverGroups two =
          new FeverGroups(
              List.of("Art", "Tech"), List.of(sub(1, "Tech"), sub(2, "Art"), sub(3, null)));
      long tech = FeverGroups.idOf("Tech");
      assertThat(tech).isPositive().isLessThanOrEqualTo(Integer.MAX_VALUE);
      assertThat(one.folder(tech)).isEqualTo("Tech");
      assertThat(two.folder(tech)).isEqualTo("Tech");
      assertThat(two.folder(FeverGroups.idOf("Art"))).isEqualTo("Art");
      assertThat(two.folder(0)).isNull();
      assertThat(two.groups())
          .containsExactly(
              Map.of("id", FeverGroups.idOf("Art"), "title", "Art"),
              Map.of("id", tech, "title", "Tech"));
      // Feed 3 is in no folder: in no group (Kindling has every feed).
      assertThat(two.feedsGroups())
          .containsExactly(
              Map.of("group_id", FeverGroups.idOf("Art"), "feed_ids", "2"),
              Map.of("group_id", tech, "feed_ids", "1"));
    }
  }

  @Nested
  class Links {
    @Test
    void aClusterIsALinkWithItsItemsAndItsScoreAsTemperature() {
      RiverItem i =
          new RiverItem(
              10,
              1,
              "Wire A",
              "Bridge reopens",
              "https://news.example/bridge",
              "Staff",
              "summary",
              Instant.parse("2024-05-01T10:00:00Z"),
              false,
              true,
              0,
              3.456,
              List.of(),
              List.of(new AlsoIn(11, 2, "Wire B", "u"), new AlsoIn(12, 3, "Wire C", "v")),
              60,
              List.of());
      assertThat(FeverLinks.link(i))
          .containsEntry("id", 10L)
          .containsEntry("feed_id", 1L)
          .containsEntry("item_id", 10L)
          .containsEntry("temperature", 3.5)
          .containsEntry("is_item", 1)
          .containsEntry("is_local", 1)
          .containsEntry("is_saved", 1)
          .containsEntry("title", "Bridge reopens")
          .containsEntry("url", "https://news.example/bridge")
          .containsEntry("item_ids", "10,11,12");
    }
  }

  @Nested
  class Marks {
    @Test
    void aBeforeNoTimestampCanHoldIsTakenAsTheEndOfYear9999() {
      assertThat(FeverMarks.before(0)).isEqualTo(Instant.EPOCH);
      assertThat(FeverMarks.before(1_700_000_000L))
          .isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
      Instant last = Instant.parse("9999-12-31T23:59:59Z");
      assertThat(FeverMarks.before(last.getEpochSecond())).isEqualTo(last);
      assertThat(FeverMarks.before(1_700_000_000_000L)).as("milliseconds").isEqualTo(last);
      assertThat(FeverMarks.before(99_999_999_999_999_999L)).isEqualTo(last);
      assertThat(FeverMarks.before(Long.MAX_VALUE)).isEqualTo(last);
    }
  }

  @Nested
  class Html {
    @Test
    void scriptsHandlersStylesAndUnsafeUrlsAreRemoved() {
      String dirty =
          "<p onclick=\"steal()\" style=\"color:red\" class=\"x\">Hello <b>world</b></p>"
              + "<script>alert(1)</script><iframe src=\"https://evil.example\"></iframe>"
              + "<a href=\"javascript:alert(1)\">bad</a> <a href=\"https://ok.example/\">good</a>"
              + "<img src=\"https://img.example/a.png\" onerror=\"x()\"><img src=\"data:image/png;base64,AA\">"
              + "<form action=\"https://evil.example\"><input name=\"q\"></form><style>p{}</style>";
      String clean = ItemHtml.clean(dirty);
      assertThat(clean)
          .contains("<p>Hello <b>world</b></p>")
          .contains("<a href=\"https://ok.example/\" rel=\"noopener noreferrer\">good</a>")
          .contains("<img src=\"https://img.example/a.png\">")
          .doesNotContain("script")
          .doesNotContain("onclick")
          .doesNotContain("onerror")
          .doesNotContain("style")
          .doesNotContain("iframe")
          .doesNotContain("javascript:")
          .doesNotContain("data:")
          .doesNotContain("<form")
          .doesNotContain("<input");
      assertThat(ItemHtml.clean(null)).isEmpty();
    }

    /**
     * What the fetcher keeps, an app gets: with jsoup's "relaxed" list this cleaning dropped every
     * video and audio element (a podcast or video post showed nothing) and flattened figures,
     * details and time into bare text.
     */
    @Test
    void mediaFiguresAndDetailsTheFetcherKeepsReachTheApp() {
      String clean =
          ItemHtml.clean(
              "<figure><img src=\"https://x.example/a.png\" alt=\"A\"><figcaption>Cap</figcaption>"
                  + "</figure><video src=\"https://x.example/v.mp4\" poster=\"https://x.example/p.png\""
                  + " controls></video><audio src=\"https://x.example/a.mp3\" controls></audio>"
                  + "<details><summary>More</summary>Hidden</details>"
                  + "<p><time datetime=\"2026-01-01\">then</time></p>"
                  + "<video src=\"javascript:alert(1)\" onplay=\"x()\"></video>");
      assertThat(clean)
          .contains(
              "<figure><img src=\"https://x.example/a.png\" alt=\"A\"><figcaption>Cap</figcaption>"
                  + "</figure>")
          .contains(
              "<video src=\"https://x.example/v.mp4\" poster=\"https://x.example/p.png\""
                  + " controls=\"\"></video>")
          .contains("<audio src=\"https://x.example/a.mp3\" controls=\"\"></audio>")
          .contains("<details><summary>More</summary>Hidden</details>")
          .contains("<time datetime=\"2026-01-01\">then</time>")
          .contains("<video></video>")
          .doesNotContain("javascript:")
          .doesNotContain("onplay");
    }

    @Test
    void mailtoLinksAreKeptOtherSchemesDropped() {
      // Feeds link authors' addresses; a mailto link opens a mail app and runs nothing.
      String clean =
          ItemHtml.clean(
              "<a href=\"mailto:ann@news.example\">write</a> <a href=\"ftp://x.example/f\">ftp</a>"
                  + " <img src=\"mailto:ann@news.example\">");
      assertThat(clean)
          .contains("<a href=\"mailto:ann@news.example\" rel=\"noopener noreferrer\">write</a>")
          .contains("<a rel=\"noopener noreferrer\">ftp</a>")
          .doesNotContain("ftp:")
          .doesNotContain("<img src");
    }
  }
}
