package com.inkzee.web.api;

import com.inkzee.web.http.WebResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API route: method, path template ({@code /api/entries/{id}}: each {@code {name}} is one path
 * segment, captured as a group in order), whether a signed-in reader is required, the query
 * parameters it takes, and the handler. The template is also the route's name in {@code /metrics},
 * so a metric never carries a raw path.
 *
 * <p>A query parameter the route does not take is refused rather than ignored: {@code
 * /api/river?feedId=7} would otherwise answer the whole river as if it were that feed's.
 */
public record Route(
    String method,
    String template,
    Pattern path,
    boolean signedIn,
    List<String> queryParams,
    Function<ApiCall, WebResponse> handler) {

  private static final Pattern PARAMETER = Pattern.compile("\\{[a-zA-Z]+\\}");

  public Route {
    queryParams = List.copyOf(queryParams);
  }

  /** A route that takes no query parameters. */
  public static Route of(
      String method, String template, boolean signedIn, Function<ApiCall, WebResponse> handler) {
    return new Route(method, template, compile(template), signedIn, List.of(), handler);
  }

  /** The same route, taking these query parameters (each at most once). */
  public Route taking(String... names) {
    return new Route(method, template, path, signedIn, List.of(names), handler);
  }

  /**
   * Checks the request's query against the parameters this route takes.
   *
   * @throws ApiException 400 naming an unknown or repeated parameter, and what the route takes
   */
  void checkQuery(Map<String, List<String>> query) {
    for (Map.Entry<String, List<String>> p : query.entrySet()) {
      String name = p.getKey();
      if (!queryParams.contains(name)) {
        throw ApiException.badRequest(
            "unknown query parameter '"
                + Json.clip(name)
                + "': "
                + method
                + " "
                + template
                + (queryParams.isEmpty()
                    ? " takes none"
                    : " takes " + String.join(", ", queryParams)));
      }
      if (p.getValue().size() > 1) {
        throw ApiException.badRequest(
            "query parameter '"
                + name
                + "' is given "
                + p.getValue().size()
                + " times, once at most");
      }
    }
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
