package com.inkzee.e2e.compose;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service of a compose file, interpolated: what the local runner needs to start it as a process
 * and what the compose checks look at.
 *
 * @param name the service name, which is also its host name on the compose network
 * @param image the image, or null
 * @param built whether compose builds the image ({@code build:})
 * @param command the container command (the service chosen in the image), may be empty
 * @param environment the container's environment, in file order
 * @param healthcheck the healthcheck's {@code test}, e.g. {@code [CMD, curl, -fsS, URL]}, or empty
 * @param volumes short-syntax volume entries ({@code source:target[:mode]})
 * @param ports published ports ({@code host:container})
 * @param dependsOn services this one waits for, with the condition ({@code service_started} for the
 *     list form)
 * @param containerName a fixed {@code container_name}, or null
 * @param stopGracePeriod {@code stop_grace_period} as written ({@code 40s}), or null (Docker's 10
 *     s)
 */
public record ComposeService(
    String name,
    String image,
    boolean built,
    List<String> command,
    Map<String, String> environment,
    List<String> healthcheck,
    List<String> volumes,
    List<String> ports,
    Map<String, String> dependsOn,
    String containerName,
    String stopGracePeriod) {
  public ComposeService {
    command = List.copyOf(command);
    environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    healthcheck = List.copyOf(healthcheck);
    volumes = List.copyOf(volumes);
    ports = List.copyOf(ports);
    dependsOn = Collections.unmodifiableMap(new LinkedHashMap<>(dependsOn));
  }

  /** The URL the healthcheck asks ({@code http://127.0.0.1:7301/healthz}), if it asks one. */
  public Optional<String> healthcheckUrl() {
    return healthcheck.stream().filter(a -> a.startsWith("http://")).findFirst();
  }

  /** Container paths this service mounts a volume at. */
  public List<String> volumeTargets() {
    return volumes.stream()
        .map(v -> v.split(":"))
        .filter(parts -> parts.length >= 2)
        .map(parts -> parts[1])
        .toList();
  }

  /** This service with {@code extra} environment laid over its own (as an override file does). */
  public ComposeService withEnvironment(Map<String, String> extra) {
    var merged = new LinkedHashMap<>(environment);
    merged.putAll(extra);
    return new ComposeService(
        name,
        image,
        built,
        command,
        merged,
        healthcheck,
        volumes,
        ports,
        dependsOn,
        containerName,
        stopGracePeriod);
  }
}
