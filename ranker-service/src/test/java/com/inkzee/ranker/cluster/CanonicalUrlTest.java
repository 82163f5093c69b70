package com.inkzee.ranker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanonicalUrlTest {
  @Test
  void stripsTrackingParametersAndKeepsTheOthersInOrder() {
    assertThat(
            CanonicalUrl.of(
                "https://example.com/story?id=7&utm_source=rss&UTM_Medium=feed&fbclid=x&page=2"
                    + "&gclid=y&mc_cid=1&mc_eid=2&ref=hn"))
        .isEqualTo("https://example.com/story?id=7&page=2");
  }

  @Test
  void lowercasesSchemeAndHostDropsWwwFragmentDefaultPortAndTrailingSlash() {
    assertThat(CanonicalUrl.of("HTTP://WWW.Example.COM:80/News/Story/#comments"))
        .isEqualTo("https://example.com/News/Story");
    assertThat(CanonicalUrl.of("https://example.com:443/")).isEqualTo("https://example.com");
    assertThat(CanonicalUrl.of("https://example.com:8443/a"))
        .isEqualTo("https://example.com:8443/a");
  }

  @Test
  void theSameStorySharedDifferentlyIsOneUrl() {
    assertThat(CanonicalUrl.of("http://www.example.com/2024/story/?utm_campaign=x#top"))
        .isEqualTo(CanonicalUrl.of("https://example.com/2024/story"));
  }

  @Test
  void differentPagesStayDifferent() {
    assertThat(CanonicalUrl.of("https://example.com/story?id=1"))
        .isNotEqualTo(CanonicalUrl.of("https://example.com/story?id=2"));
    assertThat(CanonicalUrl.of("https://example.com/Story"))
        .isNotEqualTo(CanonicalUrl.of("https://example.com/story"));
  }

  @Test
  void leavesOtherSchemesAndOddLinksAlone() {
    assertThat(CanonicalUrl.of(null)).isNull();
    assertThat(CanonicalUrl.of("  ")).isNull();
    assertThat(CanonicalUrl.of("urn:isbn:123#x")).isEqualTo("urn:isbn:123");
    assertThat(CanonicalUrl.of("FTP://Host/File")).isEqualTo("ftp://Host/File");
    assertThat(CanonicalUrl.of("https://example.com?utm_source=a"))
        .isEqualTo("https://example.com");
  }
}
