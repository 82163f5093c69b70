package com.inkzee.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./inkzee} script itself, run by bash: its help, and what {@code up} and {@code up
 * --demo} would start ({@code --dry-run}, which builds and starts nothing).
 */
class InkzeeScriptTest {
  private static final Path SCRIPT = Path.of("..", "inkzee").toAbsolutePath().normalize();

  private record Result(int code, String out, String err) {}

  private static Result inkzee(String... args) throws IOException, InterruptedException {
    return inkzee(Map.of(), args);
  }

  private static Result inkzee(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    Process p = builder.start();
    p.getOutputStream().close();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("./inkzee " + String.join(" ", args) + " did not finish in 30 s");
    }
    return new Result(
        p.exitValue(),
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void helpListsEveryCommand() throws Exception {
    Result r = inkzee("help");
    assertThat(r.code()).isZero();
    for (String sub :
        List.of(
            "up [--demo]",
            "store|fetcher|ranker|web",
            "subscribe URL",
            "import-opml FILE",
            "export-opml",
            "river",
            "digest --minutes N",
            "status",
            "refresh FEED")) {
      assertThat(r.out()).contains(sub);
    }
  }

  @Test
  void upStartsEveryServiceAndNothingForTheDemo() throws Exception {
    Result r = inkzee("up", "--dry-run");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("store-service/target/store-service.jar")
        .contains("fetcher-service/target/fetcher-service.jar")
        .contains("ranker-service/target/ranker-service.jar")
        .doesNotContain("INKZEE_FETCH_ALLOW_PRIVATE")
        .doesNotContain("demo");
    if (Files.isDirectory(SCRIPT.resolveSibling("web"))) {
      assertThat(r.out()).contains("web/target/web.jar");
    }
  }

  /**
   * Every service reads the caller's environment, so one port variable set there would give them
   * all the same port: up refuses at once, naming it, before building or starting anything.
   */
  @Test
  void upRefusesAPortVariableEveryServiceWouldShare() throws Exception {
    for (String variable : List.of("INKZEE_RPC_PORT", "INKZEE_ADMIN_PORT", "INKZEE_XMLRPC_PORT")) {
      Result r = inkzee(Map.of(variable, "9000"), "up", "--dry-run");
      assertThat(r.code()).as(variable).isEqualTo(2);
      assertThat(r.err()).contains(variable + "=9000 is set").contains("its own port");
      assertThat(r.out()).isEmpty();
    }
    // -1 turns XML-RPC off, which every service may share.
    Result off = inkzee(Map.of("INKZEE_XMLRPC_PORT", "-1"), "up", "--dry-run");
    assertThat(off.code()).as(off.err()).isZero();
  }

  @Test
  void upDemoServesTheSamplesAndOpensTheFetcherToLoopbackOnly() throws Exception {
    Result r = inkzee("up", "--demo", "--dry-run");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("demo-feeds")
                    .contains("cli/target/inkzee-cli.jar demo-feeds --dir demo/feeds --port 7490"));
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("INKZEE_FETCH_ALLOW_PRIVATE=127.0.0.1/32")
                    .contains("fetcher-service.jar"));
    assertThat(lines.stream().filter(l -> l.contains("INKZEE_FETCH_ALLOW_PRIVATE")).count())
        .as("only the fetcher is opened")
        .isEqualTo(1);
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("demo-setup --feeds-url http://127.0.0.1:7490/ --dir demo/feeds"));
    assertThat(SCRIPT.resolveSibling("demo").resolve("feeds")).isDirectory();
  }

  @Test
  void unknownCommandsAndOptionsExitTwo() throws Exception {
    Result r = inkzee("frobnicate");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown command: frobnicate").contains("usage: ./inkzee");
    Result up = inkzee("up", "--sideways");
    assertThat(up.code()).isEqualTo(2);
    assertThat(up.err()).contains("up: unknown option --sideways");
    Result store = inkzee("store", "--help");
    assertThat(store.code()).isZero();
    assertThat(store.out()).contains("usage: ./inkzee store");
  }
}
