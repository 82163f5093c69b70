package com.inkzee.rpc.client;

import java.util.ArrayList;
import java.util.List;

/** A {@code host:port} a client can connect to. */
public record Endpoint(String host, int port) {
  public Endpoint {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("endpoint host is empty");
    }
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("endpoint port out of range: " + port);
    }
  }

  /** Parses {@code host:port} ({@code [v6]:port} for IPv6 literals). */
  public static Endpoint parse(String text) {
    String s = text.strip();
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("endpoint '" + text + "' is not host:port");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return new Endpoint(host, Integer.parseInt(s.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("endpoint '" + text + "' has a bad port", e);
    }
  }

  /** Parses a comma-separated list, as in {@code INKZEE_STORE_ENDPOINTS}. */
  public static List<Endpoint> parseList(String text) {
    List<Endpoint> out = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        out.add(parse(part));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no endpoint in '" + text + "'");
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
