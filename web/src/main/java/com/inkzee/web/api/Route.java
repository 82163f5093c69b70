package com.inkzee.web.api;

import com.inkzee.web.http.WebResponse;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API route: method, path template ({@code /api/entries/{id}}: each {@code {name}} is one path
 * segment, captured as a group in order), whether a signed-in reader is required, and the handler.
 * The template is also the route's name in {@code /metrics}, so a metric never carries a raw path.
 */
public record Route(
    String method,
    String template,
    Pattern path,
    boolean signedIn,
    Function<ApiCall, WebResponse> handler) {

  private static final Pattern PARAMETER = Pattern.compile("\\{[a-zA-Z]+\\}");

  public static Route of(
      String method, String template, boolean signedIn, Function<ApiCall, WebResponse> handler) {
    return new Route(method, template, compile(template), signedIn, handler);
  }

  /** The template as a pattern: literal text quoted, each {@code {name}} one segment. */
  static Pattern compile(String template) {
    if (!template.startsWith("/api/")) {
      throw new IllegalArgumentException("route template " + template + " is not under /api/");
    }
    StringBuilder regex = new StringBuilder();
    Matcher m = PARAMETER.matcher(template);
    int at = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(at, m.start()))).append("([^/]+)");
      at = m.end();
    }
    regex.append(Pattern.quote(template.substring(at)));
    return Pattern.compile(regex.toString());
  }
}
