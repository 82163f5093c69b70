package com.inkzee.fetcher.parse;

import static com.inkzee.fetcher.parse.Fixtures.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.store.StoreLimits;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The icon a feed declares ({@link FeedIconReader}): real feeds of the shared corpus that carry
 * one, and small inline documents for what the corpus lacks (preference, refusal).
 */
class FeedIconTest {
  private final FeedParser parser = new FeedParser(CLOCK);

  private String corpusIcon(String path, String feedUrl) throws Exception {
    byte[] body = Files.readAllBytes(Corpus.dir().resolve(path));
    return parser.parse(body, null, URI.create(feedUrl)).iconUrl();
  }

  private String icon(String document) throws FeedParseException {
    return parser
        .parse(
            document.getBytes(StandardCharsets.UTF_8),
            null,
            URI.create("https://feeds.example/blog/feed.xml"))
        .iconUrl();
  }

  @Nested
  class FromTheCorpus {
    @Test
    void atomIconRelativeToTheFeedUrl() throws Exception {
      assertThat(
              corpusIcon(
                  "realworld/feedjira-SamRuby.xml", "http://intertwingly.net/blog/index.atom"))
          .isEqualTo("http://intertwingly.net/favicon.ico"); // <icon>../favicon.ico</icon>
    }

    @Test
    void atomIconAbsolute() throws Exception {
      assertThat(
              corpusIcon(
                  "realworld/rome-usgs-gov-earthquakes-all-hour-atom.xml",
                  "https://earthquake.usgs.gov/feed.atom"))
          .isEqualTo("https://earthquake.usgs.gov/favicon.ico");
    }

    @Test
    void atomLogoWhenThereIsNoIcon() throws Exception {
      assertThat(corpusIcon("realworld/rss-parser-heise.atom", "https://www.heise.de/dev.atom"))
          .isEqualTo("http://www.heise.de/developer/icons/heise_developer_logo_weiss.gif");
    }

    @Test
    void rss2ChannelImage() throws Exception {
      assertThat(corpusIcon("realworld/rss-parser-guardian.rss", "https://www.theguardian.com/rss"))
          .isEqualTo(
              "https://assets.guim.co.uk/images/guardian-logo-rss.c45beb1bafa34b347ac333af2e6fe23f.png");
    }

    @Test
    void rss2ChannelImageRelativeToTheFeedUrl() throws Exception {
      assertThat(
              corpusIcon(
                  "realworld/node-feedparser-relative-channel-image-url.xml",
                  "https://www.virtualbox.org/timeline?ticket=10860&format=rss"))
          .isEqualTo("https://www.virtualbox.org/graphics/vbox_logo2_gradient.png");
    }

    @Test
    void rss10ImageBesideTheChannel() throws Exception {
      assertThat(corpusIcon("realworld/laminas-laut.de-rdf.xml", "http://www.laut.de/feed.rdf"))
          .isEqualTo("http://www.laut.de/partner/allgemein/logo.gif");
    }

    @Test
    void podcastArtworkIsNotTheIcon() throws Exception {
      // itunes:image only, no channel <image>: 1400 px artwork is not a list icon.
      assertThat(corpusIcon("realworld/rss-parser-narro.rss", "https://www.narro.co/feed.rss"))
          .isNull();
    }
  }

  @Nested
  class Choice {
    @Test
    void atomPrefersTheSquareIconToTheLogo() throws Exception {
      assertThat(
              icon(
                  "<feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>"
                      + "<logo>https://a.example/logo.png</logo>"
                      + "<icon>https://a.example/icon.png</icon></feed>"))
          .isEqualTo("https://a.example/icon.png");
    }

    @Test
    void atomIconUnderNestedXmlBase() throws Exception {
      assertThat(
              icon(
                  "<feed xmlns='http://www.w3.org/2005/Atom' xml:base='sub/'><title>t</title>"
                      + "<icon xml:base='img/'>i.png</icon></feed>"))
          .as("each xml:base applied once")
          .isEqualTo("https://feeds.example/blog/sub/img/i.png");
    }

    @Test
    void rss10ImageAboutWhenItHasNoUrl() throws Exception {
      assertThat(
              icon(
                  "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'"
                      + " xmlns='http://purl.org/rss/1.0/'>"
                      + "<channel rdf:about='https://r.example/'><title>t</title>"
                      + "<link>https://r.example/</link><description>d</description>"
                      + "<image rdf:resource='https://r.example/i.gif'/></channel>"
                      + "<image rdf:about='https://r.example/i.gif'><title>t</title></image>"
                      + "</rdf:RDF>"))
          .isEqualTo("https://r.example/i.gif");
    }

    @Test
    void jsonFeedPrefersTheFaviconToTheIcon() throws Exception {
      assertThat(
              icon(
                  "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"t\","
                      + "\"icon\":\"https://j.example/512.png\",\"favicon\":\"/fav.png\","
                      + "\"items\":[]}"))
          .isEqualTo("https://feeds.example/fav.png");
      assertThat(
              icon(
                  "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"t\","
                      + "\"icon\":\"https://j.example/512.png\",\"items\":[]}"))
          .isEqualTo("https://j.example/512.png");
    }
  }

  @Nested
  class Refused {
    @Test
    void aScriptOrDataIconIsNoneAndTheNextCandidateIsTaken() throws Exception {
      assertThat(
              icon(
                  "<feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>"
                      + "<icon>javascript:alert(1)</icon>"
                      + "<logo>https://a.example/logo.png</logo></feed>"))
          .isEqualTo("https://a.example/logo.png");
      assertThat(
              icon(
                  "<rss version='2.0'><channel><title>t</title><link>https://r.example/</link>"
                      + "<description>d</description>"
                      + "<image><url>data:image/png;base64,AAAA</url><title>t</title>"
                      + "<link>https://r.example/</link></image></channel></rss>"))
          .isNull();
      assertThat(
              icon(
                  "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"t\","
                      + "\"favicon\":\"ftp://j.example/f.ico\",\"items\":[]}"))
          .isNull();
    }

    @Test
    void anIconOverTheStoresUrlLimitIsNone() throws Exception {
      String longIcon = "https://a.example/" + "\u00e9".repeat(StoreLimits.MAX_URL_BYTES / 2);
      assertThat(longIcon.length()).isLessThan(Urls.MAX_URL_CHARS); // only the bytes are over
      assertThat(
              icon(
                  "<feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>"
                      + "<icon>"
                      + longIcon
                      + "</icon></feed>"))
          .isNull();
    }

    @Test
    void aFeedWithoutAnIconHasNone() throws IOException, FeedParseException {
      assertThat(
              icon(
                  "<rss version='2.0'><channel><title>t</title><link>https://r.example/</link>"
                      + "<description>d</description></channel></rss>"))
          .isNull();
    }
  }
}
