package com.inkzee.web.greader;

import com.inkzee.web.api.Json;
import com.inkzee.web.http.WebResponse;

/** The answer shapes of the dialect: JSON for reads, plain text ({@code OK}, tokens) otherwise. */
final class Replies {
  static final String TEXT = "text/plain; charset=utf-8";

  private Replies() {}

  static WebResponse text(int status, String body) {
    return WebResponse.text(status, TEXT, body);
  }

  static WebResponse ok() {
    return text(200, "OK");
  }

  static WebResponse json(Object value) {
    return Json.ok(value);
  }
}
