package com.inkzee.web.http;

/** The application behind the HTTP server: one request in, one response out, on a worker thread. */
@FunctionalInterface
public interface RequestHandler {
  WebResponse handle(WebRequest request);
}
