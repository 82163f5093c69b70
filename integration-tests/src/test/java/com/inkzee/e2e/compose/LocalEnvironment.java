package com.inkzee.e2e.compose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment a service's process gets when the compose file runs on one host instead of a
 * compose network: the container's environment, with only what separate containers provide
 * replaced. The rule, in order:
 *
 * <ol>
 *   <li>{@code INKZEE_BIND} becomes {@code 127.0.0.1}: every process listens on loopback only.
 *   <li>Every {@code INKZEE_*_PORT} variable (the ports a service listens on: RPC, admin, HTTP)
 *       becomes the replica's own free local port for that container port. Containers each have the
 *       whole port range; processes on one host do not, and three fetchers cannot all listen on
 *       7102.
 *   <li>In every other value, {@code <service>:<port>} naming a compose service becomes {@code
 *       127.0.0.1:<the local port of that service's first replica for that container port>}. A
 *       reference to the database service becomes the local PostgreSQL's host and port. In an
 *       {@code INKZEE_*_ENDPOINTS} list, a scaled service becomes every replica's address,
 *       comma-separated, as compose's DNS answers with every replica; anywhere else a scaled
 *       service is refused.
 *   <li>{@code INKZEE_DB_URL} pointing at the database service gets the throwaway database's name
 *       instead of the compose file's, and {@code INKZEE_DB_USER} / {@code INKZEE_DB_PASSWORD} the
 *       local server's credentials.
 *   <li>A value that is a volume's container path ({@code /var/lib/inkzee}, or below it) becomes
 *       the same path under the replica's own directory.
 * </ol>
 *
 * Everything else passes unchanged, so a variable added to the compose file reaches the process as
 * written.
 */
public final class LocalEnvironment {
  /** {@code host:port} where host is a plain name (a compose service) and port a number. */
  private static final Pattern HOST_PORT =
      Pattern.compile("(?<![\\w.-])([a-z][a-z0-9_-]*):(\\d{1,5})(?![\\d])");

  private static final Pattern PORT_VARIABLE = Pattern.compile("INKZEE_\\w+_PORT");

  private final ComposeFile compose;
  private final Set<String> databaseServices;
  private final Map<String, List<Replica>> replicas;
  private final LocalDatabase database;

  /**
   * @param compose the compose file
   * @param databaseServices the services the local PostgreSQL stands in for (not started)
   * @param replicas every replica of every started service, by service
   * @param database the local database
   */
  public LocalEnvironment(
      ComposeFile compose,
      Set<String> databaseServices,
      Map<String, List<Replica>> replicas,
      LocalDatabase database) {
    this.compose = compose;
    this.databaseServices = Set.copyOf(databaseServices);
    this.replicas = Map.copyOf(replicas);
    this.database = database;
  }

  /** The ports a service listens on in its container: the values of its INKZEE_*_PORT. */
  public static Set<Integer> containerPorts(ComposeService service) {
    Set<Integer> ports = new TreeSet<>();
    service
        .environment()
        .forEach(
            (k, v) -> {
              if (PORT_VARIABLE.matcher(k).matches()) {
                ports.add(parsePort(k, v));
              }
            });
    return ports;
  }

  /** The environment of {@code replica}'s process. */
  public Map<String, String> of(Replica replica) {
    ComposeService service = compose.service(replica.service());
    Map<String, String> out = new LinkedHashMap<>();
    boolean urlOnDatabase = false;
    for (Map.Entry<String, String> e : service.environment().entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (key.equals("INKZEE_BIND")) {
        value = "127.0.0.1";
      } else if (PORT_VARIABLE.matcher(key).matches()) {
        value = Integer.toString(replica.port(parsePort(key, value)));
      } else {
        if (key.equals("INKZEE_DB_URL") && pointsAtDatabase(value)) {
          urlOnDatabase = true;
          value = withDatabaseName(value);
        }
        value = hostPorts(value, key.endsWith("_ENDPOINTS"));
        value = volumePaths(service, replica, value);
      }
      out.put(key, value);
    }
    if (urlOnDatabase) {
      out.put("INKZEE_DB_USER", database.user());
      out.put("INKZEE_DB_PASSWORD", database.password());
    }
    return out;
  }

  /** The healthcheck URL with its container port replaced by the replica's local one. */
  public String healthcheckUrl(Replica replica, String url) {
    Matcher m = Pattern.compile("^http://(127\\.0\\.0\\.1|localhost):(\\d+)(/.*)?$").matcher(url);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          replica.name() + ": healthcheck URL " + url + " is not on the container's loopback");
    }
    int port = replica.port(Integer.parseInt(m.group(2)));
    return "http://127.0.0.1:" + port + (m.group(3) == null ? "" : m.group(3));
  }

  private boolean pointsAtDatabase(String url) {
    Matcher m = HOST_PORT.matcher(url);
    return m.find() && databaseServices.contains(m.group(1));
  }

  /** {@code jdbc:postgresql://postgres:5432/inkzee?x} with the throwaway database's name. */
  private String withDatabaseName(String url) {
    return url.replaceFirst(
        "(//[^/]+/)[^?]*", "$1" + Matcher.quoteReplacement(database.database()));
  }

  private String hostPorts(String value, boolean endpointList) {
    Matcher m = HOST_PORT.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String host = m.group(1);
      int port = Integer.parseInt(m.group(2));
      String replacement;
      if (databaseServices.contains(host)) {
        replacement = database.host() + ":" + database.port();
      } else if (compose.services().containsKey(host)) {
        List<Replica> targets = replicas.get(host);
        if (targets == null || targets.isEmpty()) {
          throw new IllegalStateException(
              "a value names service " + host + ", which is not started: " + value);
        }
        if (targets.size() > 1 && !endpointList) {
          // Compose's DNS answers with every replica; only an endpoint list can say that.
          throw new IllegalStateException(
              "a value names scaled service " + host + " (" + targets.size() + "): " + value);
        }
        List<String> addresses = new ArrayList<>();
        for (Replica target : targets) {
          addresses.add("127.0.0.1:" + target.port(port));
        }
        replacement = String.join(",", addresses);
      } else {
        replacement = m.group();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String volumePaths(ComposeService service, Replica replica, String value) {
    for (String target : service.volumeTargets()) {
      if (value.equals(target) || value.startsWith(target + "/")) {
        Path local = replica.dataDir().resolve(target.replaceFirst("^/+", ""));
        return local + value.substring(target.length());
      }
    }
    return value;
  }

  private static int parsePort(String key, String value) {
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + "=" + value + " is not a port", e);
    }
  }
}
