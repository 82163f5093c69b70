package com.inkzee.web.api;

import com.inkzee.rpc.status.RpcException;
import com.inkzee.web.auth.Accounts;
import com.inkzee.web.auth.CsrfGuard;
import com.inkzee.web.auth.Reader;
import com.inkzee.web.auth.SessionCookie;
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
 * RpcErrors}).
 */
public final class WebApp implements RequestHandler {
  private final StaticFiles files = new StaticFiles();
  private final List<Route> routes = new ArrayList<>();
  private final Accounts accounts;
  private final SessionCookie cookie;
  private final CsrfGuard csrf;

  public WebApp(
      RankerGateway ranker, Accounts accounts, SessionCookie cookie, CsrfGuard csrf, Clock clock) {
    this.accounts = accounts;
    this.cookie = cookie;
    this.csrf = csrf;
    routes.addAll(new AccountApi(accounts, cookie).routes());
    routes.addAll(new FeedApi(ranker).routes());
    routes.addAll(new ReadingApi(ranker, clock).routes());
    routes.addAll(new RuleApi(ranker).routes());
  }

  @Override
  public WebResponse handle(WebRequest r) {
    if (!r.path().startsWith("/api/")) {
      if (!r.method().equals("GET")) {
        return Json.error(new ApiException(405, "method_not_allowed", "pages are read with GET"));
      }
      WebResponse f = files.get(r.path());
      return f != null
          ? f
          : WebResponse.text(404, "text/plain; charset=utf-8", "not found: " + r.path());
    }
    try {
      return api(r);
    } catch (ApiException e) {
      return Json.error(e);
    } catch (RpcException e) {
      return Json.error(RpcErrors.toHttp(e));
    }
  }

  private WebResponse api(WebRequest r) {
    boolean pathKnown = false;
    for (Route route : routes) {
      Matcher m = route.path().matcher(r.path());
      if (!m.matches()) {
        continue;
      }
      pathKnown = true;
      if (!route.method().equals(r.method())) {
        continue;
      }
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
      return route.handler().apply(new ApiCall(r, reader, m));
    }
    if (pathKnown) {
      throw new ApiException(
          405, "method_not_allowed", r.method() + " is not allowed on " + r.path());
    }
    throw ApiException.notFound("no API endpoint " + r.path());
  }
}
