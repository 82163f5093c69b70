package com.inkzee.e2e.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.e2e.stack.ServiceJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What operators and the issue require of docker-compose.yml, checked on the file itself (CI also
 * runs {@code docker-compose config -q} on it, which checks the syntax but none of this).
 */
class ComposeFileTest {
  static final Path ROOT = ServiceJars.fromBuild().root();
  static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
  static final Path OVERRIDE = ROOT.resolve("integration-tests/compose.e2e.yml");

  /** Ports by DESIGN.md's table: RPC, admin, HTTP. */
  static final Map<String, Map<String, String>> PORTS =
      Map.of(
          "store", Map.of("INKZEE_RPC_PORT", "7101", "INKZEE_ADMIN_PORT", "7301"),
          "fetcher", Map.of("INKZEE_RPC_PORT", "7102", "INKZEE_ADMIN_PORT", "7302"),
          "ranker", Map.of("INKZEE_RPC_PORT", "7103", "INKZEE_ADMIN_PORT", "7303"),
          "web", Map.of("INKZEE_HTTP_PORT", "8080", "INKZEE_ADMIN_PORT", "7304"));

  static final Set<String> INKZEE = PORTS.keySet();

  private final ComposeFile compose = read(Map.of());

  private static ComposeFile read(Map<String, String> variables) {
    try {
      return ComposeFile.read(COMPOSE, variables);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void hasPostgresAndEachServiceAsItsOwnContainer() {
    assertThat(compose.services().keySet())
        .containsExactlyInAnyOrder("postgres", "store", "fetcher", "ranker", "web");
  }

  @Test
  void eachServiceRunsFromTheImageBuiltHereChosenByItsCommand() {
    ServiceJars jars = new ServiceJars(ROOT);
    String image = compose.service("store").image();
    for (String name : INKZEE) {
      ComposeService s = compose.service(name);
      assertThat(s.built()).as(name + " builds from the Dockerfile").isTrue();
      assertThat(s.image()).as(name + " shares the one image").isEqualTo(image);
      assertThat(s.command()).as(name + " command").containsExactly(name);
      assertThat(jars.jarFor(s.command()).toString())
          .endsWith(name.equals("web") ? "web/target/web.jar" : name + "-service.jar");
    }
  }

  @Test
  void servicesAreConfiguredOnlyByInkzeeVariablesListeningOnTheirNetwork() {
    for (String name : INKZEE) {
      Map<String, String> env = compose.service(name).environment();
      assertThat(env.keySet()).as(name).allMatch(k -> k.startsWith("INKZEE_"));
      assertThat(env).as(name).containsEntry("INKZEE_BIND", "0.0.0.0");
      assertThat(env).as(name).containsAllEntriesOf(PORTS.get(name));
    }
  }

  @Test
  void everyServiceIsCheckedOnHealthzAtItsAdminPortWithCurlFromTheImage() throws Exception {
    for (String name : INKZEE) {
      ComposeService s = compose.service(name);
      String admin = s.environment().get("INKZEE_ADMIN_PORT");
      assertThat(s.healthcheck()).as(name).startsWith("CMD", "curl");
      // -f: an HTTP error status (503 while a dependency is down) fails the check.
      assertThat(s.healthcheck()).as(name).contains("-fsS");
      assertThat(s.healthcheckUrl()).as(name).contains("http://127.0.0.1:" + admin + "/healthz");
    }
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    assertThat(dockerfile).contains("apt-get install -y --no-install-recommends curl");
  }

  @Test
  void postgresHasAVolumeAndAPgIsreadyHealthcheck() {
    ComposeService pg = compose.service("postgres");
    assertThat(pg.image()).startsWith("postgres:");
    assertThat(pg.volumes()).anyMatch(v -> v.endsWith(":/var/lib/postgresql/data"));
    assertThat(String.join(" ", pg.healthcheck())).contains("pg_isready");
    for (String v : pg.volumes()) {
      assertThat(compose.volumes()).contains(v.split(":")[0]);
    }
  }

  @Test
  void servicesWaitForTheHealthOfWhatTheyUse() {
    assertThat(compose.service("store").dependsOn()).containsExactly(entry("postgres"));
    assertThat(compose.service("fetcher").dependsOn()).containsExactly(entry("store"));
    assertThat(compose.service("ranker").dependsOn()).containsExactly(entry("store"));
    assertThat(compose.service("web").dependsOn()).containsExactly(entry("ranker"));
  }

  private static Map.Entry<String, String> entry(String service) {
    return Map.entry(service, "service_healthy");
  }

  @Test
  void onlyTheWebPortIsPublishedAndNoContainerHasAFixedName() {
    for (ComposeService s : compose.services().values()) {
      assertThat(s.containerName()).as(s.name() + " container_name").isNull();
      if (!s.name().equals("web")) {
        assertThat(s.ports()).as(s.name() + " ports").isEmpty();
      }
    }
    assertThat(compose.service("web").ports()).containsExactly("8080:8080");
    assertThat(read(Map.of("INKZEE_WEB_PORT", "9090")).service("web").ports())
        .containsExactly("9090:8080");
  }

  @Test
  void everyHostPortNamesAServiceAndAPortItListensOn() {
    Pattern hostPort = Pattern.compile("([a-z]+):(\\d+)");
    for (String name : INKZEE) {
      for (var e : compose.service(name).environment().entrySet()) {
        Matcher m = hostPort.matcher(e.getValue());
        while (m.find()) {
          String host = m.group(1);
          if (host.equals("jdbc") || host.equals("postgresql")) {
            continue;
          }
          ComposeService target = compose.service(host);
          Set<Integer> ports =
              host.equals("postgres") ? Set.of(5432) : LocalEnvironment.containerPorts(target);
          assertThat(ports).as(name + " " + e.getKey()).contains(Integer.parseInt(m.group(2)));
        }
      }
    }
  }

  @Test
  void theStoreUsesThePostgresServiceWithItsCredentials() {
    ComposeFile withSecret = read(Map.of("INKZEE_DB_PASSWORD", "s3cret"));
    Map<String, String> store = withSecret.service("store").environment();
    Map<String, String> pg = withSecret.service("postgres").environment();
    assertThat(store.get("INKZEE_DB_URL"))
        .isEqualTo("jdbc:postgresql://postgres:5432/" + pg.get("POSTGRES_DB"));
    assertThat(store.get("INKZEE_DB_USER")).isEqualTo(pg.get("POSTGRES_USER"));
    assertThat(store.get("INKZEE_DB_PASSWORD"))
        .isEqualTo("s3cret")
        .isEqualTo(pg.get("POSTGRES_PASSWORD"));
  }

  @Test
  void oneAuthTokenReachesEveryService() {
    ComposeFile withToken = read(Map.of("INKZEE_AUTH_TOKEN", "t0k3n"));
    for (String name : INKZEE) {
      assertThat(withToken.service(name).environment())
          .as(name)
          .containsEntry("INKZEE_AUTH_TOKEN", "t0k3n");
    }
  }

  @Test
  void theFetcherIsStrictAboutPrivateAddressesUnlessTold() {
    assertThat(compose.service("fetcher").environment())
        .containsEntry("INKZEE_FETCH_ALLOW_PRIVATE", "false");
    assertThat(
            read(Map.of("INKZEE_FETCH_ALLOW_PRIVATE", "10.0.0.0/8"))
                .service("fetcher")
                .environment())
        .containsEntry("INKZEE_FETCH_ALLOW_PRIVATE", "10.0.0.0/8");
  }

  /**
   * {@code docker compose stop} sends SIGTERM, then SIGKILL after the stop grace period (10 s
   * unless set). Each service drains for {@code INKZEE_SHUTDOWN_GRACE_SECONDS} (20 by default), and
   * the fetcher's fetches in hand then get up to 10 s more: Docker must wait for all of it.
   */
  @Test
  void dockerWaitsLongerThanEachServiceDrains() {
    for (ComposeService s : compose.services().values()) {
      if (!s.built()) {
        continue; // postgres
      }
      long drain =
          Long.parseLong(s.environment().getOrDefault("INKZEE_SHUTDOWN_GRACE_SECONDS", "20")) + 10;
      assertThat(s.stopGracePeriod()).as(s.name()).isNotNull().matches("\\d+s");
      long grace = Long.parseLong(s.stopGracePeriod().replace("s", ""));
      assertThat(grace).as(s.name() + "'s stop_grace_period").isGreaterThan(drain);
    }
  }

  @Test
  void theRankerKeepsItsCursorOnAVolume() {
    ComposeService ranker = compose.service("ranker");
    String dataDir = ranker.environment().get("INKZEE_DATA_DIR");
    assertThat(ranker.volumeTargets()).contains(dataDir);
    assertThat(compose.volumes()).contains(ranker.volumes().get(0).split(":")[0]);
  }

  @Nested
  class TheTestOverride {
    @Test
    void onlyAddsEnvironment() throws Exception {
      ComposeFile merged = compose.withOverride(OVERRIDE, Map.of());
      for (String name : compose.services().keySet()) {
        ComposeService before = compose.service(name);
        ComposeService after = merged.service(name);
        // It adds test knobs; it never changes what the operators' file says.
        assertThat(after.environment()).containsAllEntriesOf(before.environment());
        assertThat(after.command()).isEqualTo(before.command());
        assertThat(after.healthcheck()).isEqualTo(before.healthcheck());
        assertThat(after.dependsOn()).isEqualTo(before.dependsOn());
        assertThat(after.ports()).isEqualTo(before.ports());
      }
      assertThat(merged.service("fetcher").environment())
          .containsEntry("INKZEE_FETCH_MIN_INTERVAL_SECONDS", "3");
    }

    @Test
    void refusesAnythingButEnvironment(@org.junit.jupiter.api.io.TempDir Path tmp)
        throws Exception {
      Path bad = tmp.resolve("bad.yml");
      Files.writeString(bad, "services:\n  web:\n    ports: [\"80:8080\"]\n");
      assertThatThrownBy(() -> compose.withOverride(bad, Map.of()))
          .hasMessageContaining("only environment can be overridden here, not ports");
      Path unknown = tmp.resolve("unknown.yml");
      Files.writeString(unknown, "services:\n  nope:\n    environment: {A: b}\n");
      assertThatThrownBy(() -> compose.withOverride(unknown, Map.of()))
          .hasMessageContaining("service nope is not in the base file");
    }
  }

  @Test
  void readsListFormsAsCompose() throws Exception {
    ComposeFile f =
        ComposeFile.parse(
            "services:\n"
                + "  a:\n"
                + "    image: x\n"
                + "    command: run fast\n"
                + "    environment: [\"K=v=w\", \"PASSED\", \"UNSET\"]\n"
                + "    depends_on: [b]\n"
                + "  b:\n"
                + "    image: y\n",
            Map.of("PASSED", "p"));
    ComposeService a = f.service("a");
    assertThat(a.command()).isEqualTo(List.of("run", "fast"));
    assertThat(a.environment())
        .containsEntry("K", "v=w")
        .containsEntry("PASSED", "p")
        .doesNotContainKey("UNSET");
    assertThat(a.dependsOn()).containsEntry("b", "service_started");
  }
}
