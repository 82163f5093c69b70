package com.inkzee.web.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The page's files, read from the jar's {@code /web/} resources once at start: a fixed list, so no
 * request path ever reaches the class path or the file system.
 */
public final class StaticFiles {
  private record File(String path, String contentType, byte[] body) {}

  private final Map<String, File> files = new HashMap<>();

  public StaticFiles() {
    add("/", "index.html", "text/html; charset=utf-8");
    add("/app.js", "app.js", "text/javascript; charset=utf-8");
    add("/app.css", "app.css", "text/css; charset=utf-8");
    add("/favicon.svg", "favicon.svg", "image/svg+xml");
  }

  private void add(String path, String resource, String contentType) {
    try (InputStream in = StaticFiles.class.getResourceAsStream("/web/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("resource /web/" + resource + " is missing from the jar");
      }
      files.put(path, new File(path, contentType, in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file at {@code path}, or null; its route is the file's own fixed path. */
  public WebResponse get(String path) {
    File f = files.get(path.equals("/index.html") ? "/" : path);
    return f == null ? null : new WebResponse(200, f.contentType(), f.body()).route(f.path());
  }
}
