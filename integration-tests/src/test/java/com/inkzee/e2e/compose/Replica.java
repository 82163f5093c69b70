package com.inkzee.e2e.compose;

import java.nio.file.Path;
import java.util.Map;

/**
 * One container of a service as a local process: {@code fetcher-2} is the second of {@code --scale
 * fetcher=3}. Its ports are the local ports standing in for the container's ports, and its
 * directory stands in for the container's volumes; both stay the same when the process is
 * restarted, as a restarted container keeps its address and volumes.
 *
 * @param service the compose service
 * @param index 1-based, as compose numbers containers
 * @param ports container port to local port
 * @param dataDir the replica's own directory; a volume mounted at {@code /x} becomes {@code
 *     dataDir/x}
 */
public record Replica(String service, int index, Map<Integer, Integer> ports, Path dataDir) {
  public Replica {
    ports = Map.copyOf(ports);
  }

  public String name() {
    return service + "-" + index;
  }

  /** The local port standing in for {@code containerPort}. */
  public int port(int containerPort) {
    Integer local = ports.get(containerPort);
    if (local == null) {
      throw new IllegalArgumentException(
          name()
              + " does not listen on container port "
              + containerPort
              + " (its INKZEE_*_PORT variables name "
              + ports.keySet()
              + ")");
    }
    return local;
  }
}
