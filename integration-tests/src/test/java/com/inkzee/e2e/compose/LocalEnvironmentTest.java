package com.inkzee.e2e.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rule that turns a container's environment into a local process's. */
class LocalEnvironmentTest {
  private static final LocalDatabase DB =
      new LocalDatabase("127.0.0.1", 5432, "inkzee_e2e_abc", "postgres", "");
  private static final Path RUN = Path.of("/tmp/run");

  private final ComposeFile compose =
      read(Map.of("INKZEE_AUTH_TOKEN", "tok", "INKZEE_FETCH_ALLOW_PRIVATE", "127.0.0.0/8"));

  private static ComposeFile read(Map<String, String> vars) {
    try {
      return ComposeFile.read(ComposeFileTest.COMPOSE, vars)
          .withOverride(ComposeFileTest.OVERRIDE, vars);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A plan as LocalStack makes it: ports from 20000 up, three fetchers. */
  private Map<String, List<Replica>> plan(int fetchers) {
    Map<String, List<Replica>> plan = new LinkedHashMap<>();
    int[] next = {20000};
    for (String service : List.of("store", "fetcher", "ranker", "web")) {
      int n = service.equals("fetcher") ? fetchers : 1;
      List<Replica> list = new java.util.ArrayList<>();
      for (int i = 1; i <= n; i++) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (int p : LocalEnvironment.containerPorts(compose.service(service))) {
          ports.put(p, next[0]++);
        }
        list.add(new Replica(service, i, ports, RUN.resolve(service + "-" + i)));
      }
      plan.put(service, list);
    }
    return plan;
  }

  private LocalEnvironment environments(Map<String, List<Replica>> plan) {
    return new LocalEnvironment(compose, Set.of("postgres"), plan, DB);
  }

  @Test
  void listensOnLoopbackOnItsOwnPorts() {
    Map<String, List<Replica>> plan = plan(1);
    Replica store = plan.get("store").get(0);
    Map<String, String> env = environments(plan).of(store);
    assertThat(env)
        .containsEntry("INKZEE_BIND", "127.0.0.1")
        .containsEntry("INKZEE_RPC_PORT", Integer.toString(store.port(7101)))
        .containsEntry("INKZEE_ADMIN_PORT", Integer.toString(store.port(7301)));
  }

  @Test
  void pointsTheStoreAtTheThrowawayDatabase() {
    Map<String, List<Replica>> plan = plan(1);
    Map<String, String> env = environments(plan).of(plan.get("store").get(0));
    assertThat(env)
        .containsEntry("INKZEE_DB_URL", "jdbc:postgresql://127.0.0.1:5432/inkzee_e2e_abc")
        .containsEntry("INKZEE_DB_USER", "postgres")
        .containsEntry("INKZEE_DB_PASSWORD", "");
  }

  @Test
  void givesEachScaledFetcherItsOwnPortsAndTheStoresAddress() {
    Map<String, List<Replica>> plan = plan(3);
    LocalEnvironment envs = environments(plan);
    int storeRpc = plan.get("store").get(0).port(7101);
    Set<String> rpcPorts = new HashSet<>();
    Set<String> adminPorts = new HashSet<>();
    for (Replica fetcher : plan.get("fetcher")) {
      Map<String, String> env = envs.of(fetcher);
      assertThat(env).containsEntry("INKZEE_STORE_ENDPOINTS", "127.0.0.1:" + storeRpc);
      rpcPorts.add(env.get("INKZEE_RPC_PORT"));
      adminPorts.add(env.get("INKZEE_ADMIN_PORT"));
    }
    assertThat(rpcPorts).hasSize(3).doesNotContain("7102");
    assertThat(adminPorts).hasSize(3).doesNotContain("7302");
  }

  @Test
  void anEndpointListNamesEveryReplicaOfAScaledService() {
    Map<String, List<Replica>> plan = plan(3);
    Map<String, String> ranker = environments(plan).of(plan.get("ranker").get(0));
    assertThat(ranker.get("INKZEE_FETCHER_ENDPOINTS"))
        .isEqualTo(
            plan.get("fetcher").stream()
                .map(f -> "127.0.0.1:" + f.port(7102))
                .collect(java.util.stream.Collectors.joining(",")));
  }

  @Test
  void passesEverythingElseAsWritten() {
    Map<String, List<Replica>> plan = plan(1);
    Map<String, String> env = environments(plan).of(plan.get("fetcher").get(0));
    assertThat(env)
        .containsEntry("INKZEE_AUTH_TOKEN", "tok")
        .containsEntry("INKZEE_FETCH_ALLOW_PRIVATE", "127.0.0.0/8")
        .containsEntry("INKZEE_FETCH_MIN_INTERVAL_SECONDS", "3")
        .containsEntry("INKZEE_LOG_LEVEL", "INFO");
    assertThat(env.keySet())
        .containsExactlyInAnyOrderElementsOf(compose.service("fetcher").environment().keySet());
  }

  @Test
  void putsVolumesUnderTheReplicasDirectory() {
    Map<String, List<Replica>> plan = plan(1);
    Replica ranker = plan.get("ranker").get(0);
    assertThat(environments(plan).of(ranker))
        .containsEntry("INKZEE_DATA_DIR", RUN.resolve("ranker-1/var/lib/inkzee").toString())
        .containsEntry(
            "INKZEE_STORE_ENDPOINTS", "127.0.0.1:" + plan.get("store").get(0).port(7101));
  }

  @Test
  void pointsTheWebAtTheRanker() {
    Map<String, List<Replica>> plan = plan(1);
    Replica web = plan.get("web").get(0);
    assertThat(environments(plan).of(web))
        .containsEntry(
            "INKZEE_RANKER_ENDPOINTS", "127.0.0.1:" + plan.get("ranker").get(0).port(7103))
        .containsEntry("INKZEE_HTTP_PORT", Integer.toString(web.port(8080)));
  }

  @Test
  void mapsTheHealthcheckToTheLocalAdminPort() {
    Map<String, List<Replica>> plan = plan(1);
    Replica store = plan.get("store").get(0);
    String url = compose.service("store").healthcheckUrl().orElseThrow();
    assertThat(environments(plan).healthcheckUrl(store, url))
        .isEqualTo("http://127.0.0.1:" + store.port(7301) + "/healthz");
  }

  @Test
  void leavesHostsThatAreNotServicesAlone() throws Exception {
    ComposeFile f =
        ComposeFile.parse(
            "services:\n"
                + "  a:\n"
                + "    image: x\n"
                + "    environment:\n"
                + "      INKZEE_FEED: https://feeds.example.org:8443/x\n"
                + "      INKZEE_PEER: b:7000\n"
                + "  b:\n"
                + "    image: y\n"
                + "    environment: {INKZEE_RPC_PORT: \"7000\"}\n",
            Map.of());
    Map<String, List<Replica>> plan =
        Map.of(
            "a", List.of(new Replica("a", 1, Map.of(), RUN.resolve("a-1"))),
            "b", List.of(new Replica("b", 1, Map.of(7000, 30000), RUN.resolve("b-1"))));
    Map<String, String> env = new LocalEnvironment(f, Set.of(), plan, DB).of(plan.get("a").get(0));
    assertThat(env)
        .containsEntry("INKZEE_FEED", "https://feeds.example.org:8443/x")
        .containsEntry("INKZEE_PEER", "127.0.0.1:30000");
  }

  @Test
  void refusesToPointAtAScaledServiceOrAPortItDoesNotListenOn() throws Exception {
    ComposeFile f =
        ComposeFile.parse(
            "services:\n"
                + "  a:\n"
                + "    image: x\n"
                + "    environment: {INKZEE_PEER: \"b:7000\"}\n"
                + "  c:\n"
                + "    image: x\n"
                + "    environment: {INKZEE_PEER: \"b:7999\"}\n"
                + "  b:\n"
                + "    image: y\n"
                + "    environment: {INKZEE_RPC_PORT: \"7000\"}\n",
            Map.of());
    Replica a = new Replica("a", 1, Map.of(), RUN.resolve("a-1"));
    Replica c = new Replica("c", 1, Map.of(), RUN.resolve("c-1"));
    List<Replica> twoB =
        List.of(
            new Replica("b", 1, Map.of(7000, 30000), RUN.resolve("b-1")),
            new Replica("b", 2, Map.of(7000, 30001), RUN.resolve("b-2")));
    assertThatThrownBy(
            () -> new LocalEnvironment(f, Set.of(), Map.of("a", List.of(a), "b", twoB), DB).of(a))
        .hasMessageContaining("scaled service b");
    assertThatThrownBy(
            () ->
                new LocalEnvironment(
                        f, Set.of(), Map.of("c", List.of(c), "b", twoB.subList(0, 1)), DB)
                    .of(c))
        .hasMessageContaining("does not listen on container port 7999");
  }
}
