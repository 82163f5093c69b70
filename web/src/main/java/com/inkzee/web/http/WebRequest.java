package com.inkzee.web.http;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as the application sees it, detached from Netty's buffers (it is handled on
 * another thread): method, decoded path, query parameters, headers and the whole body.
 */
public record WebRequest(
    String method, String path, Map<String, List<String>> query, HttpHeaders headers, byte[] body) {

  /** The first value of query parameter {@code name}, or null. */
  public String param(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** A request header, or null. */
  public String header(String name) {
    return headers.get(name);
  }

  /** Whether the method changes something (and so needs the CSRF checks). */
  public boolean unsafe() {
    return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
  }
}
