package com.inkzee.web.api;

import com.inkzee.rpc.status.RpcException;
import com.inkzee.web.apps.AppPasswordApi;
import com.inkzee.web.apps.AppPasswords;
import com.inkzee.web.auth.AccountEvents;
import com.inkzee.web.auth.Accounts;
import com.inkzee.web.auth.CsrfGuard;
import com.inkzee.web.auth.Reader;
import com.inkzee.web.auth.SessionCookie;
import com.inkzee.web.fever.FeverApi;
import com.inkzee.web.greader.GReaderApi;
import com.inkzee.web.http.RequestHandler;
import com.inkzee.web.http.StaticFiles;
import com.inkzee.web.http.WebRequest;
import com.inkzee.web.http.WebResponse;
import com.inkzee.web.ranker.RankerGateway;
import com.inkzee.web.ranker.RpcErrors;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * The web reader's application: the page's static files, and the JSON API under {@code /api}. For
 * an API call it finds the route, resolves the session cookie to a reader (401 without one where a
 * reader is needed), applies the CSRF checks to every unsafe method, runs the handler, and turns
 * every failure into the JSON error shape ({@link ApiException}, ranker errors through {@link
 * RpcErrors}). The Fever API ({@link FeverApi}) and the Google Reader API ({@link GReaderApi}) are
 * dispatched before the routes: reading apps authenticate with an app password, not the session
 * cookie and CSRF headers.
 */
public final class WebApp implements RequestHandler {
  private final StaticFiles files = new StaticFiles();
  private final List<Route> routes = new ArrayList<>();
  private final Accounts accounts;
  private final SessionCookie cookie;
  private final CsrfGuard csrf;
  private final FeverApi fever;
  private final GReaderApi greader;

  public WebApp(
      RankerGateway ranker,
      Accounts accounts,
      SessionCookie cookie,
      CsrfGuard csrf,
      Clock clock,
      AccountEvents events) {
    this.accounts = accounts;
    this.cookie = cookie;
    this.csrf = csrf;
    routes.addAll(new AccountApi(accounts, cookie, events).routes());
    routes.addAll(new FeedApi(ranker).routes());
    routes.addAll(new ReadingApi(ranker, clock).routes());
    routes.addAll(new RuleApi(ranker).routes());
    AppPasswords appPasswords = new AppPasswords(ranker, clock);
    routes.addAll(new AppPasswordApi(appPasswords, csrf).routes());
    // Reading apps: the app password's key is the credential, not the session and CSRF checks.
    this.fever = new FeverApi(ranker, appPasswords, clock);
    // The same AppPasswords: a revocation on the page forgets its lookups for both APIs at once.
    this.greader = new GReaderApi(ranker, appPasswords, clock);
  }

  @Override
  public WebResponse handle(WebRequest r) {
    if (!r.path().startsWith("/api/")) {
      if (!r.method().equals("GET")) {
        return Json.error(new ApiException(405, "method_not_allowed", "pages are read with GET"));
      }
      WebResponse f = files.get(r.path());
      return f != null
          ? f // StaticFiles names its fixed paths as the route
          : WebResponse.text(404, "text/plain; charset=utf-8", "not found: " + r.path());
    }
    if (FeverApi.handles(r.path())) {
      return fever.handle(r);
    }
    if (GReaderApi.owns(r.path())) {
      return greader.handle(r);
    }
    boolean pathKnown = false;
    for (Route route : routes) {
      Matcher m = route.path().matcher(r.path());
      if (!m.matches()) {
        continue;
      }
      pathKnown = true;
      if (route.method().equals(r.method())) {
        // Errors on a route are named by it too: /metrics tells 401s at sign-in from 404s.
        return call(route, m, r).route(route.template());
      }
    }
    return Json.error(
        pathKnown
            ? new ApiException(
                405, "method_not_allowed", r.method() + " is not allowed on " + r.path())
            : ApiException.notFound("no API endpoint " + r.path()));
  }

  private WebResponse call(Route route, Matcher m, WebRequest r) {
    try {
      Reader reader = null;
      if (route.signedIn()) {
        reader = accounts.reader(cookie.read(r.header("Cookie")));
        if (reader == null) {
          throw ApiException.unauthenticated("sign in first");
        }
        if (r.unsafe()) {
          csrf.checkSignedIn(r, reader);
        }
      } else if (r.unsafe()) {
        csrf.checkAnonymous(r);
      }
      route.checkQuery(r.query());
      return route.handler().apply(new ApiCall(r, reader, m));
    } catch (ApiException e) {
      return Json.error(e);
    } catch (RpcException e) {
      return Json.error(RpcErrors.toHttp(e));
    }
  }
}
