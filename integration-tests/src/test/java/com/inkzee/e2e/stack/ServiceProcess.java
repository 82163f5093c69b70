package com.inkzee.e2e.stack;

import com.inkzee.e2e.compose.Replica;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One replica as a process: {@code java -Xmx256m -jar <jar>} with exactly the environment given
 * (the test JVM's {@code INKZEE_*} variables are removed, so a developer's shell cannot leak in).
 * Output goes to a log file, kept after the run; a restart appends to it after a marker line.
 * Output goes to a file rather than a pipe: the JDK closes a child's pipe when the child exits,
 * which loses the last lines.
 */
public final class ServiceProcess {
  /** 128 + SIGKILL. */
  public static final int EXIT_AFTER_SIGKILL = 137;

  private final Replica replica;
  private final Path jar;
  private final Map<String, String> environment;
  private final Path log;
  private Process process;
  private long logOffset;

  ServiceProcess(Replica replica, Path jar, Map<String, String> environment, Path log) {
    this.replica = replica;
    this.jar = jar;
    this.environment = Map.copyOf(environment);
    this.log = log;
  }

  public Replica replica() {
    return replica;
  }

  public String name() {
    return replica.name();
  }

  public Map<String, String> environment() {
    return environment;
  }

  public Path log() {
    return log;
  }

  /** Starts the process (again, after a kill: same environment, ports and directory). */
  synchronized void start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name() + " is already running");
    }
    Files.createDirectories(log.getParent());
    Files.createDirectories(replica.dataDir());
    Files.writeString(
        log,
        "==== " + Instant.now() + " starting " + name() + ": java -jar " + jar + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    logOffset = Files.size(log);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-jar"));
    command.add(jar.toString());
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(replica.dataDir().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("INKZEE_"));
    pb.environment().putAll(environment);
    process = pb.start();
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  public synchronized long pid() {
    return process.pid();
  }

  /**
   * SIGKILL, as {@code kill -9} or the OOM killer: no shutdown hook runs, nothing drains. Returns
   * the exit code once the process is gone.
   */
  public int killHard(Duration timeout) throws InterruptedException {
    Process p;
    synchronized (this) {
      p = process;
    }
    p.destroyForcibly();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(name() + " did not exit within " + timeout + " of SIGKILL");
    }
    return p.exitValue();
  }

  /** Kills the process if it runs, waiting a bounded time; for clean-up, never throws. */
  void destroy() {
    Process p;
    synchronized (this) {
      p = process;
    }
    if (p == null) {
      return;
    }
    p.destroyForcibly();
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The output of the current run (since the last start). */
  public List<String> output() {
    try {
      byte[] all = Files.readAllBytes(log);
      int from = (int) Math.min(logOffset, all.length);
      String text = new String(all, from, all.length - from, StandardCharsets.UTF_8);
      return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last lines of the current run, for failure messages. */
  public String describe() {
    List<String> lines = output();
    List<String> tail = lines.subList(Math.max(0, lines.size() - 40), lines.size());
    return "---- "
        + name()
        + (isAlive() ? " (running)" : " (exited)")
        + ", log "
        + log
        + "\n"
        + String.join("\n", tail)
        + "\n";
  }
}
