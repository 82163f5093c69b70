package com.inkzee.web.fever;

import com.inkzee.web.api.ApiException;
import com.inkzee.web.http.WebRequest;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Fever call's arguments. The Fever API puts what to read in the query string ({@code ?api&items
 * &since_id=5}) and what to write, with the {@code api_key}, in the POSTed form; servers that apps
 * are used with read both places for every argument (FreshRSS's {@code $_REQUEST}, Miniflux's
 * {@code FormValue}), so this does too: the form's value first, then the query's. The key alone is
 * read from the form only, as Fever and FreshRSS do, so that it never sits in a URL or a log line.
 * The form may be {@code application/x-www-form-urlencoded} or {@code multipart/form-data}.
 */
final class FeverParams {
  /** Most ids in one {@code with_ids}, as the spec says. */
  static final int MAX_WITH_IDS = 50;

  private final Map<String, List<String>> query;
  private final Map<String, String> form;

  private FeverParams(Map<String, List<String>> query, Map<String, String> form) {
    this.query = query;
    this.form = form;
  }

  static FeverParams of(WebRequest r) {
    return new FeverParams(r.query(), form(r));
  }

  /** The POSTed api_key, or null. */
  String apiKey() {
    return form.get("api_key");
  }

  /** Whether the argument is given at all (Fever's flags, {@code ?api&groups}, have no value). */
  boolean has(String name) {
    return form.containsKey(name) || query.containsKey(name);
  }

  /** The argument's value (empty for a flag), or null when absent. */
  String get(String name) {
    String v = form.get(name);
    if (v != null) {
      return v;
    }
    List<String> q = query.get(name);
    return q == null || q.isEmpty() ? null : q.get(0);
  }

  /** A required whole number {@code >= min}; 400 naming the argument otherwise. */
  long number(String name, long min) {
    String v = get(name);
    if (v == null || v.isBlank()) {
      throw ApiException.badRequest(name + " is required");
    }
    try {
      long n = Long.parseLong(v.strip());
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest(
        name + " must be a whole number of at least " + min + ", not '" + clip(v) + "'");
  }

  /** {@code with_ids}: 1 to {@value #MAX_WITH_IDS} positive ids, comma-separated. */
  List<Long> idList(String name) {
    String v = get(name);
    List<Long> ids = new ArrayList<>();
    if (v == null || v.isBlank()) {
      throw ApiException.badRequest(name + " must list item ids, comma-separated");
    }
    for (String part : v.split(",", -1)) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue; // "1,2," as some clients send
      }
      try {
        long id = Long.parseLong(p);
        if (id > 0) {
          ids.add(id);
          continue;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw ApiException.badRequest(name + " must list positive ids, not '" + clip(p) + "'");
    }
    if (ids.isEmpty() || ids.size() > MAX_WITH_IDS) {
      throw ApiException.badRequest(name + " must list 1 to " + MAX_WITH_IDS + " item ids");
    }
    return ids;
  }

  /** Whether a (lower-cased) multipart Content-Type names a non-empty boundary. */
  private static boolean hasBoundary(String type) {
    for (String part : type.split(";")) {
      String p = part.strip();
      if (p.startsWith("boundary=")) {
        String b = p.substring("boundary=".length()).strip();
        return !b.isEmpty() && !b.equals("\"\"");
      }
    }
    return false;
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  /** The form's fields (first value of each); none for a body that is not a form. */
  private static Map<String, String> form(WebRequest r) {
    Map<String, String> fields = new HashMap<>();
    String type = r.header("Content-Type");
    if (r.body().length == 0) {
      return fields;
    }
    String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
    if (!t.startsWith("application/x-www-form-urlencoded")
        && !t.startsWith("multipart/form-data")) {
      throw new ApiException(
          415,
          "unsupported_media_type",
          "POST the Fever arguments as a form (application/x-www-form-urlencoded or"
              + " multipart/form-data)");
    }
    if (t.startsWith("multipart/form-data") && !hasBoundary(t)) {
      // Without one Netty would read the parts as a urlencoded form, and find no key in them.
      throw ApiException.badRequest(
          "the form cannot be read: a multipart form needs a boundary in its Content-Type"
              + " (multipart/form-data; boundary=...)");
    }
    FullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, HttpMethod.POST, "/", Unpooled.wrappedBuffer(r.body()));
    request.headers().set(r.headers());
    // In memory only: the body is already bounded by the server's body limit.
    HttpPostRequestDecoder decoder = null;
    try {
      decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), request);
      for (InterfaceHttpData d : decoder.getBodyHttpDatas()) {
        if (d instanceof Attribute a) {
          fields.putIfAbsent(a.getName(), a.getValue());
        }
      }
      return fields;
    } catch (HttpPostRequestDecoder.ErrorDataDecoderException | IOException e) {
      throw ApiException.badRequest("the form cannot be read: " + e.getMessage());
    } catch (UnsupportedCharsetException e) {
      // multipart/form-data; charset=nope: Netty looks the charset up and lets this escape (a
      // name that is not even legal, charset=@@, it wraps in ErrorDataDecoderException).
      throw ApiException.badRequest(
          "the form cannot be read: unknown charset '" + clip(e.getCharsetName()) + "'");
    } catch (RuntimeException e) {
      // Netty's multipart decoder has unchecked failures of its own on odd input (an empty
      // boundary was a StringIndexOutOfBoundsException before the check above). It was given
      // nothing but the client's headers and bytes, so what it cannot read is a malformed form.
      throw ApiException.badRequest(
          "the form cannot be read: check its Content-Type and its encoding");
    } finally {
      if (decoder != null) {
        decoder.destroy();
      }
      request.release();
    }
  }
}
