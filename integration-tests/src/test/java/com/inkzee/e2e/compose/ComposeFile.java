package com.inkzee.e2e.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A docker-compose.yml read the way {@code docker compose config} reads it, for the parts Inkzee's
 * file uses: services with image or build, command, environment (map or {@code KEY=VALUE} list),
 * healthcheck, volumes and ports (short syntax), depends_on (map with conditions, or list),
 * container_name and stop_grace_period; every string interpolated ({@link Interpolation}). Override
 * files ({@code -f base -f override}) may only add environment variables, which is all the tests
 * need.
 *
 * <p>YAML anchors and merge keys are not supported (Jackson does not resolve them): the file is
 * written out in full, which also reads better for operators.
 */
public final class ComposeFile {
  private static final YAMLMapper YAML = new YAMLMapper();

  /** Keys an override file may set on a service. */
  private static final Set<String> OVERRIDABLE = Set.of("environment");

  private final Map<String, ComposeService> services;
  private final Set<String> volumes;

  private ComposeFile(Map<String, ComposeService> services, Set<String> volumes) {
    this.services = services;
    this.volumes = volumes;
  }

  /** Reads {@code file}, interpolating with {@code variables}. */
  public static ComposeFile read(Path file, Map<String, String> variables) throws IOException {
    JsonNode root = YAML.readTree(file.toFile());
    return parse(root, new Interpolation(variables), file.toString());
  }

  /** Parses YAML text (for tests of the reader itself). */
  public static ComposeFile parse(String yaml, Map<String, String> variables) throws IOException {
    return parse(YAML.readTree(yaml), new Interpolation(variables), "(text)");
  }

  private static ComposeFile parse(JsonNode root, Interpolation vars, String where) {
    JsonNode servicesNode = root.path("services");
    if (!servicesNode.isObject() || servicesNode.isEmpty()) {
      throw new IllegalArgumentException(where + ": no services");
    }
    Map<String, ComposeService> services = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = servicesNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      services.put(e.getKey(), service(e.getKey(), e.getValue(), vars));
    }
    Set<String> volumes = new LinkedHashSet<>();
    root.path("volumes").fieldNames().forEachRemaining(volumes::add);
    return new ComposeFile(services, volumes);
  }

  /** This file with an override file's environment laid over it ({@code -f this -f override}). */
  public ComposeFile withOverride(Path override, Map<String, String> variables) throws IOException {
    JsonNode root = YAML.readTree(override.toFile());
    Interpolation vars = new Interpolation(variables);
    Map<String, ComposeService> merged = new LinkedHashMap<>(services);
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("services").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      ComposeService base = services.get(e.getKey());
      if (base == null) {
        throw new IllegalArgumentException(
            override + ": service " + e.getKey() + " is not in the base file");
      }
      e.getValue()
          .fieldNames()
          .forEachRemaining(
              key -> {
                if (!OVERRIDABLE.contains(key)) {
                  throw new IllegalArgumentException(
                      override + ": only environment can be overridden here, not " + key);
                }
              });
      merged.put(e.getKey(), base.withEnvironment(environment(e.getValue(), vars)));
    }
    return new ComposeFile(merged, volumes);
  }

  public Map<String, ComposeService> services() {
    return Collections.unmodifiableMap(services);
  }

  public ComposeService service(String name) {
    ComposeService s = services.get(name);
    if (s == null) {
      throw new IllegalArgumentException("no service " + name + " in " + services.keySet());
    }
    return s;
  }

  /** Top-level named volumes. */
  public Set<String> volumes() {
    return Collections.unmodifiableSet(volumes);
  }

  private static ComposeService service(String name, JsonNode node, Interpolation vars) {
    return new ComposeService(
        name,
        text(node.get("image"), vars),
        node.has("build"),
        strings(node.get("command"), vars),
        environment(node, vars),
        strings(node.path("healthcheck").get("test"), vars),
        strings(node.get("volumes"), vars),
        strings(node.get("ports"), vars),
        dependsOn(node.get("depends_on")),
        text(node.get("container_name"), vars),
        text(node.get("stop_grace_period"), vars));
  }

  private static Map<String, String> environment(JsonNode service, Interpolation vars) {
    JsonNode env = service.get("environment");
    Map<String, String> out = new LinkedHashMap<>();
    if (env == null || env.isNull()) {
      return out;
    }
    if (env.isObject()) {
      env.fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().isNull()) {
                  passThrough(e.getKey(), vars, out);
                } else {
                  out.put(e.getKey(), vars.apply(e.getValue().asText()));
                }
              });
    } else if (env.isArray()) {
      for (JsonNode item : env) {
        String entry = item.asText();
        int eq = entry.indexOf('=');
        if (eq < 0) {
          passThrough(entry, vars, out);
        } else {
          out.put(entry.substring(0, eq), vars.apply(entry.substring(eq + 1)));
        }
      }
    } else {
      throw new IllegalArgumentException("environment must be a map or a list: " + env);
    }
    return out;
  }

  /** "KEY" without a value passes the caller's variable through, or leaves it out if unset. */
  private static void passThrough(String key, Interpolation vars, Map<String, String> out) {
    String value = vars.lookup(key);
    if (value != null) {
      out.put(key, value);
    }
  }

  private static Map<String, String> dependsOn(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(n -> out.put(n.asText(), "service_started"));
    } else {
      node.fields()
          .forEachRemaining(
              e -> out.put(e.getKey(), e.getValue().path("condition").asText("service_started")));
    }
    return out;
  }

  private static List<String> strings(JsonNode node, Interpolation vars) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(n -> out.add(vars.apply(n.asText())));
    } else {
      // A string command is split on spaces, as compose does for the simple cases used here.
      for (String part : vars.apply(node.asText()).trim().split("\\s+")) {
        out.add(part);
      }
    }
    return out;
  }

  private static String text(JsonNode node, Interpolation vars) {
    return node == null || node.isNull() ? null : vars.apply(node.asText());
  }
}
