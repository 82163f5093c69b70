package com.inkzee.ranker.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's standard {@code xmlrpc.client}, a peer nobody on this project wrote, against the XML-RPC
 * endpoints of a real store (embedded database) and a real ranker tailing it: a scenario with data,
 * faults and {@code system.multicall}, then every method {@code system.listMethods} names
 * (src/test/resources/xmlrpc/python_peer.py). Loopback only; the process is given 3 minutes.
 */
class XmlRpcPythonPeerTest {
  private static final long PYTHON_TIMEOUT_SECONDS = 180;

  @TempDir Path dir;
  private RankerHarness harness;

  @BeforeEach
  void start() {
    harness = new RankerHarness(dir);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void pythonCallsEveryStoreAndRankerMethodIncludingFaultsAndMulticall() throws Exception {
    assumeTrue(python3Available(), "python3 is not on the PATH");
    int storePort = harness.store.xmlRpcPort();
    int rankerPort = harness.own().server.xmlRpcServer().port();
    Path script = resource("/xmlrpc/python_peer.py");
    Path out = dir.resolve("python.out");
    Path err = dir.resolve("python.err");
    Process p =
        new ProcessBuilder(
                "python3",
                script.toString(),
                Integer.toString(storePort),
                Integer.toString(rankerPort))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    boolean exited = p.waitFor(PYTHON_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly();
    }
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(exited)
        .as("python finished within %d s; stderr:%n%s", PYTHON_TIMEOUT_SECONDS, stderr)
        .isTrue();
    assertThat(p.exitValue()).as("python exit code; stderr:%n%s", stderr).isZero();
    System.out.println("python_peer.py: " + stdout); // each method's outcome, for the report
    // The script checks each call itself; here: it reports every public method as called.
    List<String> storeMethods = harness.store.xmlRpcMethodNames();
    List<String> rankerMethods = harness.own().server.xmlRpcServer().methodNames();
    for (String m : concat(storeMethods, rankerMethods)) {
      if (!m.startsWith("system.") || m.equals("system.multicall")) {
        assertThat(stdout).as("python called " + m).contains("\"" + m + "\": ");
      }
    }
    assertThat(storeMethods).hasSizeGreaterThan(40);
    assertThat(rankerMethods).hasSizeGreaterThan(30);
    assertThat(stdout).containsPattern("\"checks\": [1-9][0-9]+");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(XmlRpcPythonPeerTest.class.getResource(name).toURI());
  }

  private static boolean python3Available() {
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
