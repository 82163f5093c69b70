package com.inkzee.web.api;

import com.inkzee.web.http.WebResponse;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An API route: method, path pattern (groups are the path's parameters), whether a signed-in reader
 * is required, and the handler.
 */
public record Route(
    String method, Pattern path, boolean signedIn, Function<ApiCall, WebResponse> handler) {

  public static Route of(
      String method, String regex, boolean signedIn, Function<ApiCall, WebResponse> handler) {
    return new Route(method, Pattern.compile(regex), signedIn, handler);
  }
}
