package com.inkzee.web.apps;

import com.inkzee.rpc.api.store.AppPasswordMessages;
import com.inkzee.rpc.api.store.AppPasswordMessages.AppPassword;
import com.inkzee.web.api.ApiCall;
import com.inkzee.web.api.ApiException;
import com.inkzee.web.api.Json;
import com.inkzee.web.api.Route;
import com.inkzee.web.auth.CsrfGuard;
import com.inkzee.web.http.WebResponse;
import java.time.Instant;
import java.util.List;

/**
 * The signed-in reader's app passwords ({@code /api/app-passwords}): list, create (the password is
 * in the answer once, with the addresses to type into an app), relabel or change the order, revoke.
 * Session and CSRF checks are the other routes' ({@link com.inkzee.web.api.WebApp}).
 */
public final class AppPasswordApi {
  /** Where apps reach the Google Reader API (they append {@code /accounts/ClientLogin} etc.). */
  public static final String GOOGLE_READER_PATH = "/api/greader";

  /** Where apps reach the Fever API (they append {@code ?api}). */
  public static final String FEVER_PATH = "/api/fever/";

  record CreateBody(String label, Boolean rankedOrder) {}

  record UpdateBody(String label, Boolean rankedOrder) {}

  /** An app password as its owner sees it: never a secret, nor the user id they already know. */
  record View(long id, String label, boolean rankedOrder, Instant createdAt, Instant lastUsedAt) {
    static View of(AppPassword p) {
      return new View(p.id(), p.label(), p.rankedOrder(), p.createdAt(), p.lastUsedAt());
    }
  }

  private final AppPasswords passwords;
  private final CsrfGuard origins;

  public AppPasswordApi(AppPasswords passwords, CsrfGuard origins) {
    this.passwords = passwords;
    this.origins = origins;
  }

  public List<Route> routes() {
    return List.of(
        Route.of("GET", "/api/app-passwords", true, this::list),
        Route.of("POST", "/api/app-passwords", true, this::create),
        Route.of("PATCH", "/api/app-passwords/{id}", true, this::update),
        Route.of("DELETE", "/api/app-passwords/{id}", true, this::revoke));
  }

  private WebResponse list(ApiCall c) {
    return Json.ok(
        Json.object(
            "appPasswords", passwords.list(c.userId()).stream().map(View::of).toList(),
            "servers", servers(c)));
  }

  private WebResponse create(ApiCall c) {
    CreateBody b = Json.read(c.request(), CreateBody.class);
    AppPasswords.Issued issued =
        passwords.create(
            c.userId(), b.label(), Boolean.TRUE.equals(b.rankedOrder()), c.reader().name());
    return Json.response(
        201,
        Json.object(
            "appPassword", View.of(issued.appPassword()),
            "password", issued.password(),
            "userName", c.reader().name(),
            "servers", servers(c)));
  }

  private WebResponse update(ApiCall c) {
    long id = c.pathId(1, "app password id");
    UpdateBody b = Json.read(c.request(), UpdateBody.class);
    if (b.label() == null && b.rankedOrder() == null) {
      throw ApiException.badRequest("give label or rankedOrder (or both) to change");
    }
    String label = null;
    if (b.label() != null) {
      label = b.label().strip();
      if (label.isEmpty() || label.length() > AppPasswordMessages.MAX_LABEL_CHARS) {
        throw ApiException.badRequest(
            "label must be 1-" + AppPasswordMessages.MAX_LABEL_CHARS + " characters");
      }
    }
    return Json.ok(
        Json.object(
            "appPassword", View.of(passwords.update(c.userId(), id, label, b.rankedOrder()))));
  }

  private WebResponse revoke(ApiCall c) {
    long id = c.pathId(1, "app password id");
    if (!passwords.revoke(c.userId(), id)) {
      throw ApiException.notFound("you have no app password " + id);
    }
    return WebResponse.empty(204);
  }

  /**
   * The addresses to type into an app: absolute when this site's origin is known (configured, or
   * the request's Host), else the paths alone.
   */
  private Object servers(ApiCall c) {
    String origin = origins.origin(c.request());
    String base = origin == null ? "" : origin;
    return Json.object("googleReader", base + GOOGLE_READER_PATH, "fever", base + FEVER_PATH);
  }
}
