package com.inkzee.e2e.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the jar for a compose service's command is in the build, the same mapping the image makes
 * (Dockerfile: {@code <module>/target/<module>.jar} copied to {@code /opt/inkzee/lib/<name>.jar},
 * run by {@code docker/inkzee-service <name>}): {@code store}, {@code fetcher} and {@code ranker}
 * are {@code <name>-service}, {@code web} is {@code web}.
 */
public final class ServiceJars {
  private final Path root;

  /**
   * @param root the repository's root (the parent pom's directory)
   */
  public ServiceJars(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The root from the build ({@code -Dinkzee.root}, set by this module's pom), else {@code ..}. */
  public static ServiceJars fromBuild() {
    String configured = System.getProperty("inkzee.root");
    return new ServiceJars(Path.of(configured == null || configured.isBlank() ? ".." : configured));
  }

  public Path root() {
    return root;
  }

  /** The jar that runs {@code command} (the container's command: the service's name). */
  public Path jarFor(List<String> command) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("a service without a command: the image's is help");
    }
    String module = module(command.get(0));
    return root.resolve(module).resolve("target").resolve(module + ".jar");
  }

  /** The jar, if the build made it (the web module may not be in the build yet). */
  public Optional<Path> built(List<String> command) {
    Path jar = jarFor(command);
    return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
  }

  private static String module(String name) {
    return switch (name) {
      case "store", "fetcher", "ranker" -> name + "-service";
      case "web" -> "web";
      default ->
          throw new IllegalArgumentException(
              "unknown service command "
                  + name
                  + " (docker/inkzee-service knows store, fetcher,"
                  + " ranker, web)");
    };
  }
}
