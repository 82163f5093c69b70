package com.inkzee.rpc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's main class running as a separate JVM, as operators run it, with the test's class path
 * and a chosen environment. Knows the RPC port from the service's "ready on port" log line.
 *
 * <p>Output goes to a file rather than a pipe: the JDK closes a child's pipe when the child exits,
 * which loses the last lines (the shutdown log) if they were not read yet.
 */
public final class ServiceProcess implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("(\\w+) ready on port (\\d+)");
  private static final Pattern ADMIN = Pattern.compile("admin endpoint http://[^/]+:(\\d+)/");
  private static final Pattern XML_RPC = Pattern.compile("XML-RPC serving \\S+ on /[^:]+:(\\d+)");

  private final Process process;
  private final Path log;

  private ServiceProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code mainClass} and waits until it logs that it is ready. */
  public static ServiceProcess start(Class<?> mainClass, Map<String, String> env, Duration timeout)
      throws IOException, InterruptedException {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    Path log = Files.createTempFile(mainClass.getSimpleName(), ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("INKZEE_"));
    pb.environment().putAll(env);
    ServiceProcess sp = new ServiceProcess(pb.start(), log);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (sp.port() < 0 && sp.process.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    if (sp.port() < 0) {
      sp.process.destroyForcibly();
      throw new IllegalStateException(
          mainClass.getSimpleName() + " did not become ready:\n" + String.join("\n", sp.output()));
    }
    return sp;
  }

  /** The RPC port from the ready line, or -1 before it. */
  public int port() {
    for (String line : output()) {
      Matcher m = READY.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(2));
      }
    }
    return -1;
  }

  /** The admin HTTP port (/healthz, /metrics) from the admin server's log line, or -1. */
  public int adminPort() {
    for (String line : output()) {
      Matcher m = ADMIN.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    return -1;
  }

  /** The XML-RPC port from the XML-RPC server's start line, or -1. */
  public int xmlRpcPort() {
    for (String line : output()) {
      Matcher m = XML_RPC.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    return -1;
  }

  public List<String> output() {
    try {
      return Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends SIGTERM, as {@code docker stop} and Ctrl-C do, and waits for the exit code. */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy(); // SIGTERM on Unix
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("did not exit within " + timeout + " of SIGTERM");
    }
    return process.exitValue();
  }

  /**
   * Sends SIGKILL, as the kernel's OOM killer or {@code kill -9} does: no shutdown hook runs, no
   * call drains. Waits for the exit and returns its code (137 = 128 + SIGKILL).
   */
  public int kill(Duration timeout) throws InterruptedException {
    process.destroyForcibly(); // SIGKILL on Unix
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("did not exit within " + timeout + " of SIGKILL");
    }
    return process.exitValue();
  }

  /** The operating system's process id (for tests that signal it themselves). */
  public long pid() {
    return process.pid();
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    Files.deleteIfExists(log);
  }
}
