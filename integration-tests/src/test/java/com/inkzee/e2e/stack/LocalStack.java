package com.inkzee.e2e.stack;

import com.inkzee.e2e.compose.ComposeFile;
import com.inkzee.e2e.compose.ComposeService;
import com.inkzee.e2e.compose.LocalEnvironment;
import com.inkzee.e2e.compose.Replica;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A compose file brought up as local processes, one per container, as {@code docker compose up
 * [--scale service=N] [service...]} would: the named services and everything they depend on,
 * started in {@code depends_on} order, each waited for until healthy before its dependents start.
 * The database service is not started; a {@link ThrowawayDatabase} on the local PostgreSQL stands
 * in for it. How each process's environment is derived from the file is {@link LocalEnvironment}'s
 * rule.
 *
 * <p>Healthy means: the service's healthcheck URL answers 2xx, as {@code curl -f} in the container
 * would. A service that does not serve that URL yet (it never reads {@code INKZEE_ADMIN_PORT}: its
 * printed configuration does not list it) counts as healthy once it logs that it is ready ("ready
 * on port", or the web's "ready: http://...").
 *
 * <p>{@link #close()} kills every process it started (SIGKILL, bounded wait) and drops the
 * database; a JVM shutdown hook does the same if the test JVM is stopped first.
 */
public final class LocalStack implements AutoCloseable {
  /** A cold JVM plus migrations or a window load on a loaded 2-core machine. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .proxy(HttpClient.Builder.NO_PROXY)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private final ComposeFile compose;
  private final ThrowawayDatabase database;
  private final LocalEnvironment environments;
  private final Map<String, List<ServiceProcess>> processes;
  private final List<String> order;
  private final List<String> skipped;
  private final Thread killOnExit;
  private final List<ServiceProcess> all = new CopyOnWriteArrayList<>();

  private LocalStack(
      ComposeFile compose,
      ThrowawayDatabase database,
      LocalEnvironment environments,
      Map<String, List<ServiceProcess>> processes,
      List<String> order,
      List<String> skipped) {
    this.compose = compose;
    this.database = database;
    this.environments = environments;
    this.processes = processes;
    this.order = order;
    this.skipped = skipped;
    processes.values().forEach(all::addAll);
    this.killOnExit = new Thread(() -> all.forEach(ServiceProcess::destroy), "e2e-kill-on-exit");
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  public static Builder builder(Path composeFile) {
    return new Builder(composeFile);
  }

  /** Every replica of {@code service}, in order ({@code fetcher-1}, {@code fetcher-2}...). */
  public List<ServiceProcess> replicas(String service) {
    List<ServiceProcess> list = processes.get(service);
    if (list == null) {
      throw new IllegalArgumentException(service + " is not running in this stack " + order);
    }
    return list;
  }

  public ServiceProcess first(String service) {
    return replicas(service).get(0);
  }

  public boolean has(String service) {
    return processes.containsKey(service);
  }

  /** Services left out because their jar is not built (optional ones only). */
  public List<String> skipped() {
    return skipped;
  }

  /** The local port of {@code service}'s first replica standing in for {@code containerPort}. */
  public int port(String service, int containerPort) {
    return first(service).replica().port(containerPort);
  }

  public ComposeFile compose() {
    return compose;
  }

  /** Starts a killed replica again, as a container restart does, and waits until it is healthy. */
  public void restart(ServiceProcess p) throws IOException, InterruptedException {
    p.start();
    awaitHealthy(p);
  }

  /** What every process logged lately, for failure messages. */
  public String describe() {
    return all.stream().map(ServiceProcess::describe).collect(Collectors.joining());
  }

  private void startAll() throws IOException, InterruptedException {
    for (String service : order) {
      for (ServiceProcess p : processes.get(service)) {
        p.start();
      }
      for (ServiceProcess p : processes.get(service)) {
        awaitHealthy(p);
      }
    }
  }

  private void awaitHealthy(ServiceProcess p) throws InterruptedException {
    ComposeService service = compose.service(p.replica().service());
    Optional<String> url =
        service.healthcheckUrl().map(u -> environments.healthcheckUrl(p.replica(), u));
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String lastAnswer = "no answer yet";
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(p.name() + " exited while starting\n" + p.describe());
      }
      if (url.isPresent()) {
        try {
          HttpResponse<String> r =
              HTTP.send(
                  HttpRequest.newBuilder(URI.create(url.get()))
                      .timeout(Duration.ofSeconds(3))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
          if (r.statusCode() / 100 == 2) {
            return;
          }
          lastAnswer = "HTTP " + r.statusCode() + ": " + r.body();
        } catch (IOException e) {
          lastAnswer = e.toString();
        }
      }
      List<String> out = p.output();
      boolean ready =
          out.stream().anyMatch(l -> l.contains(" ready on port ") || l.contains(" ready: http"));
      boolean servesAdmin = out.stream().anyMatch(l -> l.contains("config INKZEE_ADMIN_PORT="));
      if (ready && (url.isEmpty() || !servesAdmin)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        p.name()
            + " not healthy within "
            + START_TIMEOUT
            + (url.isPresent()
                ? " (" + url.get() + ": " + lastAnswer + ")"
                : " (no \"ready\" line)")
            + "\n"
            + p.describe());
  }

  @Override
  public void close() throws Exception {
    Exception failure = null;
    // Dependents first, as compose down does.
    for (int i = order.size() - 1; i >= 0; i--) {
      processes.get(order.get(i)).forEach(ServiceProcess::destroy);
    }
    try {
      if (database != null) {
        database.close();
      }
    } catch (Exception e) {
      failure = e;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting: the hook runs anyway.
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** What to bring up, and how. */
  public static final class Builder {
    private final Path composeFile;
    private final List<Path> overrides = new ArrayList<>();
    private final Map<String, String> variables = new HashMap<>();
    private final Map<String, Integer> scale = new HashMap<>();
    private final Set<String> optional = new LinkedHashSet<>();
    private final Set<String> requested = new LinkedHashSet<>();
    private ServiceJars jars = ServiceJars.fromBuild();
    private Path logDir = Path.of(System.getProperty("inkzee.logs", "target/logs"));
    private String runName = "e2e";

    private Builder(Path composeFile) {
      this.composeFile = composeFile;
    }

    /** An override file, as {@code -f}: environment only. */
    public Builder override(Path file) {
      overrides.add(file);
      return this;
    }

    /** The variables compose would interpolate (the shell's or an .env file's). */
    public Builder variable(String name, String value) {
      variables.put(name, value);
      return this;
    }

    /** {@code --scale service=n}. */
    public Builder scale(String service, int n) {
      scale.put(service, n);
      return this;
    }

    /** Services brought up with their dependencies; none named means all, as {@code up}. */
    public Builder services(String... names) {
      requested.addAll(List.of(names));
      return this;
    }

    /** A service left out, with a note, if its jar is not built (the web before it exists). */
    public Builder optional(String service) {
      optional.add(service);
      return this;
    }

    public Builder jars(ServiceJars jars) {
      this.jars = jars;
      return this;
    }

    /** Logs go to {@code logDir/name/<replica>.log}; data to {@code target/e2e/name-*}. */
    public Builder name(String runName) {
      this.runName = runName;
      return this;
    }

    /** Creates the database, starts every process and waits until each is healthy. */
    public LocalStack up() throws Exception {
      ComposeFile compose = ComposeFile.read(composeFile, variables);
      for (Path o : overrides) {
        compose = compose.withOverride(o, variables);
      }
      Set<String> databases = new LinkedHashSet<>();
      compose
          .services()
          .forEach(
              (name, s) -> {
                if (s.image() != null && s.image().startsWith("postgres")) {
                  databases.add(name);
                }
              });

      List<String> skipped = new ArrayList<>();
      List<String> order = startOrder(compose, databases, skipped);
      Path runDir =
          Files.createDirectories(Path.of("target", "e2e"))
              .resolve(runName + "-" + Long.toHexString(System.nanoTime()))
              .toAbsolutePath();
      FreePorts ports = new FreePorts();
      Map<String, List<Replica>> replicas = new LinkedHashMap<>();
      for (String service : order) {
        List<Replica> list = new ArrayList<>();
        int n = scale.getOrDefault(service, 1);
        for (int i = 1; i <= n; i++) {
          Map<Integer, Integer> map = new TreeMap<>();
          for (int containerPort : LocalEnvironment.containerPorts(compose.service(service))) {
            map.put(containerPort, ports.next());
          }
          list.add(new Replica(service, i, map, runDir.resolve(service + "-" + i)));
        }
        replicas.put(service, list);
      }

      ThrowawayDatabase database = ThrowawayDatabase.create();
      LocalEnvironment environments =
          new LocalEnvironment(compose, databases, replicas, database.local());
      Map<String, List<ServiceProcess>> processes = new LinkedHashMap<>();
      Path logs = logDir.resolve(runName);
      Files.createDirectories(logs);
      for (String service : order) {
        List<ServiceProcess> list = new ArrayList<>();
        for (Replica r : replicas.get(service)) {
          Map<String, String> env = environments.of(r);
          Files.writeString(
              logs.resolve(r.name() + ".env"),
              env.entrySet().stream()
                      .map(e -> e.getKey() + "=" + e.getValue())
                      .collect(Collectors.joining("\n"))
                  + "\n");
          list.add(
              new ServiceProcess(
                  r,
                  jars.jarFor(compose.service(service).command()),
                  env,
                  logs.resolve(r.name() + ".log")));
        }
        processes.put(service, list);
      }
      LocalStack stack = new LocalStack(compose, database, environments, processes, order, skipped);
      try {
        stack.startAll();
      } catch (Exception | Error e) {
        try {
          stack.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      return stack;
    }

    /** The services to start, dependencies first; optional ones without a jar left out. */
    private List<String> startOrder(
        ComposeFile compose, Set<String> databases, List<String> skipped) {
      Set<String> wanted = new LinkedHashSet<>();
      List<String> roots =
          requested.isEmpty()
              ? new ArrayList<>(compose.services().keySet())
              : List.copyOf(requested);
      for (String name : roots) {
        if (optional.contains(name) && jars.built(compose.service(name).command()).isEmpty()) {
          skipped.add(name);
          System.err.println(
              "e2e: "
                  + name
                  + " left out: "
                  + jars.jarFor(compose.service(name).command())
                  + " is not built");
          continue;
        }
        wanted.add(name);
      }
      List<String> order = new ArrayList<>();
      for (String name : wanted) {
        visit(compose, name, databases, order, new LinkedHashSet<>());
      }
      return order;
    }

    private static void visit(
        ComposeFile compose,
        String name,
        Set<String> databases,
        List<String> order,
        Set<String> path) {
      if (databases.contains(name) || order.contains(name)) {
        return;
      }
      if (!path.add(name)) {
        throw new IllegalStateException("depends_on cycle through " + path);
      }
      for (String dep : compose.service(name).dependsOn().keySet()) {
        visit(compose, dep, databases, order, path);
      }
      order.add(name);
    }
  }
}
