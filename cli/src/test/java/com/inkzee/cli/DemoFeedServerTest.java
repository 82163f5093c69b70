package com.inkzee.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.cli.demo.DemoFeedServer;
import com.inkzee.cli.testing.LiveServices;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's loopback feed server, over real HTTP: what it serves and what it refuses. */
class DemoFeedServerTest {
  static DemoFeedServer server;
  static HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws IOException {
    server = DemoFeedServer.start(LiveServices.DEMO_FEEDS, 0, Instant.now());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheSampleFeedsWithTheirDatesFilledIn() throws Exception {
    assertThat(server.feedNames())
        .containsExactly("coastal-wire.atom", "harbor-gazette.rss", "tinkerers-weekly.rss");
    HttpResponse<String> rss = get("harbor-gazette.rss");
    assertThat(rss.statusCode()).isEqualTo(200);
    assertThat(rss.headers().firstValue("Content-Type"))
        .hasValue("application/rss+xml; charset=utf-8");
    assertThat(rss.body())
        .contains("<title>Harbor Town Gazette</title>")
        .doesNotContainPattern("\\{\\{rfc822:-\\d");
    assertThat(rss.body())
        .containsPattern("<pubDate>\\w{3}, \\d{1,2} \\w{3} \\d{4} [\\d:]{8} GMT</pubDate>");
    HttpResponse<String> atom = get("coastal-wire.atom");
    assertThat(atom.headers().firstValue("Content-Type"))
        .hasValue("application/atom+xml; charset=utf-8");
    assertThat(atom.body())
        .doesNotContainPattern("\\{\\{iso:-\\d")
        .containsPattern("<updated>\\d{4}-.*Z</updated>");
    assertThat(get("coastal-wire.atom").body())
        .as("the same bytes each time")
        .isEqualTo(atom.body());
    HttpResponse<String> index = get("");
    assertThat(index.body()).contains("rel=\"alternate\"").contains("coastal-wire.atom");
  }

  @Test
  void servesNothingElse() throws Exception {
    assertThat(get("pom.xml").statusCode()).isEqualTo(404);
    assertThat(get("..%2F..%2Fpom.xml").statusCode()).isEqualTo(404);
    // A raw request line with "..": the server must not look outside its files either.
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(
          "GET /../../pom.xml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(response).startsWith("HTTP/1.1 ").doesNotContain("<modelVersion>");
      assertThat(response.substring(9, 12)).isIn("400", "404");
    }
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "harbor-gazette.rss"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void refusesADirectoryWithoutFeeds(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("page.html"), "<p>hi</p>");
    assertThatThrownBy(() -> DemoFeedServer.start(dir, 0, Instant.now()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no sample feed");
    assertThatThrownBy(() -> DemoFeedServer.start(dir.resolve("missing"), 0, Instant.now()))
        .hasMessageContaining("no demo feed directory");
  }
}
