package com.inkzee.web.apps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.inkzee.web.testing.ApiClient;
import com.inkzee.web.testing.ApiClient.Reply;
import com.inkzee.web.testing.WebStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/app-passwords} over real HTTP against the real backend ({@link WebStack}): create
 * (shown once, with the apps' server URLs), list, relabel and reorder, revoke (and the Fever key
 * dies with it), one reader's passwords out of another's reach, the session and CSRF checks, and
 * clear 400s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppPasswordApiTest {
  private static final AtomicInteger UNIQUE = new AtomicInteger();

  /** Four groups of seven RFC 4648 base32 characters: 140 bits. */
  private static final String PASSWORD_SHAPE = "[a-z2-7]{7}(-[a-z2-7]{7}){3}";

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

  private String name(String base) {
    return base + UNIQUE.incrementAndGet();
  }

  private ApiClient reader(String base) {
    ApiClient c = new ApiClient(stack.baseUrl());
    assertThat(c.signIn("/api/signup", name(base), "a long enough password").status())
        .isEqualTo(201);
    return c;
  }

  private static String userName(ApiClient c) {
    return c.get("/api/session").json().path("user").path("name").asText();
  }

  @Test
  void createListRelabelReorderAndRevoke() throws Exception {
    ApiClient c = reader("apps");
    Reply made = c.post("/api/app-passwords", "{\"label\":\"Reeder on my phone\"}");
    assertThat(made.status()).isEqualTo(201);
    String password = made.json().path("password").asText();
    assertThat(password).matches(PASSWORD_SHAPE);
    assertThat(made.json().path("userName").asText()).isEqualTo(userName(c));
    assertThat(made.json().path("servers").path("fever").asText())
        .isEqualTo(stack.baseUrl() + "/api/fever/");
    assertThat(made.json().path("servers").path("googleReader").asText())
        .isEqualTo(stack.baseUrl() + "/api/greader");
    JsonNode p = made.json().path("appPassword");
    long id = p.path("id").asLong();
    assertThat(p.path("label").asText()).isEqualTo("Reeder on my phone");
    assertThat(p.path("rankedOrder").asBoolean()).isFalse();
    assertThat(p.path("createdAt").asText()).isNotEmpty();
    assertThat(p.path("lastUsedAt").isNull()).isTrue();

    Reply list = c.get("/api/app-passwords");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().path("appPasswords")).hasSize(1);
    assertThat(list.json().path("appPasswords").get(0).path("id").asLong()).isEqualTo(id);
    assertThat(list.json().path("servers").path("fever").asText()).endsWith("/api/fever/");
    // Shown once: never again, nor any digest of it.
    assertThat(list.raw().body())
        .doesNotContain(password)
        .doesNotContain("Hash")
        .doesNotContain("feverKey");

    String key = AppPasswords.feverKey(userName(c), password);
    assertThat(feverAuth(key)).isEqualTo(1);

    Reply relabelled =
        c.send(
            "PATCH",
            "/api/app-passwords/" + id,
            "{\"label\":\"Reeder\",\"rankedOrder\":true}",
            Map.of());
    assertThat(relabelled.status()).isEqualTo(200);
    assertThat(relabelled.json().path("appPassword").path("label").asText()).isEqualTo("Reeder");
    assertThat(relabelled.json().path("appPassword").path("rankedOrder").asBoolean()).isTrue();
    Reply reordered =
        c.send("PATCH", "/api/app-passwords/" + id, "{\"rankedOrder\":false}", Map.of());
    assertThat(reordered.json().path("appPassword").path("label").asText()).isEqualTo("Reeder");
    assertThat(reordered.json().path("appPassword").path("rankedOrder").asBoolean()).isFalse();
    JsonNode listed = c.get("/api/app-passwords").json().path("appPasswords").get(0);
    assertThat(listed.path("label").asText()).isEqualTo("Reeder");
    assertThat(listed.path("lastUsedAt").isNull()).as("used by the Fever call above").isFalse();

    assertThat(c.send("DELETE", "/api/app-passwords/" + id, null, Map.of()).status())
        .isEqualTo(204);
    assertThat(c.get("/api/app-passwords").json().path("appPasswords")).isEmpty();
    assertThat(c.send("DELETE", "/api/app-passwords/" + id, null, Map.of()).status())
        .isEqualTo(404);
    assertThat(feverAuth(key)).as("a revoked password's key").isEqualTo(0);
  }

  @Test
  void anotherReaderCanNeitherSeeNorChangeNorRevokeThem() {
    ApiClient owner = reader("owner");
    long id =
        owner
            .post("/api/app-passwords", "{\"label\":\"mine\"}")
            .json()
            .path("appPassword")
            .path("id")
            .asLong();
    ApiClient other = reader("other");
    assertThat(other.get("/api/app-passwords").json().path("appPasswords")).isEmpty();
    assertThat(
            other
                .send("PATCH", "/api/app-passwords/" + id, "{\"label\":\"theirs\"}", Map.of())
                .status())
        .isEqualTo(404);
    assertThat(other.send("DELETE", "/api/app-passwords/" + id, null, Map.of()).status())
        .isEqualTo(404);
    JsonNode still = owner.get("/api/app-passwords").json().path("appPasswords");
    assertThat(still).hasSize(1);
    assertThat(still.get(0).path("label").asText()).isEqualTo("mine");
  }

  @Test
  void signedOutIs401() {
    ApiClient anonymous = new ApiClient(stack.baseUrl());
    assertThat(anonymous.get("/api/app-passwords").status()).isEqualTo(401);
    Reply r = anonymous.post("/api/app-passwords", "{\"label\":\"x\"}");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.error()).isEqualTo("unauthenticated");
    assertThat(anonymous.send("DELETE", "/api/app-passwords/1", null, Map.of()).status())
        .isEqualTo(401);
  }

  @Test
  void aChangeWithoutTheCsrfTokenOrFromAnotherSiteIsRefused() {
    ApiClient c = reader("csrf");
    String token = c.csrf;
    c.csrf = null;
    assertThat(c.post("/api/app-passwords", "{\"label\":\"forged\"}").status()).isEqualTo(403);
    c.csrf = token;
    assertThat(
            c.send(
                    "POST",
                    "/api/app-passwords",
                    "{\"label\":\"forged\"}",
                    Map.of("Origin", "https://evil.example"))
                .status())
        .isEqualTo(403);
    assertThat(c.get("/api/app-passwords").json().path("appPasswords")).isEmpty();

    long id =
        c.post("/api/app-passwords", "{\"label\":\"real\"}")
            .json()
            .path("appPassword")
            .path("id")
            .asLong();
    c.csrf = null;
    assertThat(c.send("DELETE", "/api/app-passwords/" + id, null, Map.of()).status())
        .isEqualTo(403);
    c.csrf = token;
    assertThat(c.get("/api/app-passwords").json().path("appPasswords")).hasSize(1);
  }

  @Test
  void badInputIsAClear400() {
    ApiClient c = reader("careless");
    Reply empty = c.post("/api/app-passwords", "{\"label\":\"   \"}");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.json().path("message").asText()).contains("label");
    assertThat(c.post("/api/app-passwords", "{}").status()).isEqualTo(400);
    assertThat(c.post("/api/app-passwords", "{\"label\":\"" + "x".repeat(201) + "\"}").status())
        .isEqualTo(400);
    Reply unknown = c.post("/api/app-passwords", "{\"label\":\"a\",\"password\":\"mine\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().path("message").asText()).contains("password");
    assertThat(c.get("/api/app-passwords").json().path("appPasswords")).isEmpty();

    long id =
        c.post("/api/app-passwords", "{\"label\":\"ok\"}")
            .json()
            .path("appPassword")
            .path("id")
            .asLong();
    assertThat(c.send("PATCH", "/api/app-passwords/" + id, "{}", Map.of()).status()).isEqualTo(400);
    Reply blank = c.send("PATCH", "/api/app-passwords/" + id, "{\"label\":\"\"}", Map.of());
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.json().path("message").asText()).contains("label");
    Reply badId = c.send("PATCH", "/api/app-passwords/abc", "{\"label\":\"x\"}", Map.of());
    assertThat(badId.status()).isEqualTo(400);
    assertThat(badId.json().path("message").asText()).contains("app password id");
    assertThat(
            c.get("/api/app-passwords").json().path("appPasswords").get(0).path("label").asText())
        .isEqualTo("ok");
  }

  /** The {@code auth} a Fever call with {@code key} is answered. */
  private int feverAuth(String key) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/api/fever/?api"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("api_key=" + key))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(r.body())
        .path("auth")
        .asInt();
  }
}
