package com.inkzee.web.greader;

import com.inkzee.web.apps.AppReader;
import com.inkzee.web.http.WebRequest;

/**
 * One authenticated Google Reader call: the request, its merged parameters, the reader the app acts
 * for, the auth token it sent, and the stream named by the path ({@code stream/contents/...}; empty
 * elsewhere).
 */
record GReaderCall(
    WebRequest request, FormParams params, AppReader reader, String authToken, String pathStream) {
  long userId() {
    return reader.userId();
  }
}
