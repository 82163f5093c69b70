package com.inkzee.web.api;

import com.inkzee.web.auth.Reader;
import com.inkzee.web.http.WebRequest;
import java.util.regex.Matcher;

/**
 * One API call as a handler sees it: the request, the signed-in reader (null on the routes that do
 * not need one) and the path's captured groups.
 */
public record ApiCall(WebRequest request, Reader reader, Matcher path) {
  /** Path group {@code i} as a positive id; 400 naming it otherwise. */
  public long pathId(int i, String what) {
    return Params.id(path.group(i), what);
  }

  public long userId() {
    return reader.userId();
  }
}
