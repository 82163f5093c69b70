package com.inkzee.web.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An HTTP response to send: status, content type, body, and extra headers (in order). */
public final class WebResponse {
  private final int status;
  private final String contentType;
  private final byte[] body;
  private final List<Map.Entry<String, String>> headers = new ArrayList<>();
  private String route;

  public WebResponse(int status, String contentType, byte[] body) {
    this.status = status;
    this.contentType = contentType;
    this.body = body == null ? new byte[0] : body;
  }

  public static WebResponse text(int status, String contentType, String body) {
    return new WebResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  public static WebResponse empty(int status) {
    return new WebResponse(status, null, new byte[0]);
  }

  /** Adds a header (several with the same name are all sent, e.g. {@code Set-Cookie}). */
  public WebResponse header(String name, String value) {
    headers.add(Map.entry(name, value));
    return this;
  }

  /**
   * Names the route that answered: a path template ({@code /api/entries/{id}}) or a page file,
   * never a raw path (it labels {@code /metrics}, which must stay bounded).
   */
  public WebResponse route(String template) {
    this.route = template;
    return this;
  }

  /** The route that answered, or null when none did (unknown path, refused request). */
  public String route() {
    return route;
  }

  public int status() {
    return status;
  }

  public String contentType() {
    return contentType;
  }

  public byte[] body() {
    return body;
  }

  public List<Map.Entry<String, String>> headers() {
    return headers;
  }

  /** The value of the first header named {@code name} (case-insensitive), or null. */
  public String headerValue(String name) {
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }
}
