package com.inkzee.web.api;

import com.inkzee.rpc.status.RpcException;
import com.inkzee.web.auth.AccountEvents;
import com.inkzee.web.auth.Accounts;
import com.inkzee.web.auth.Reader;
import com.inkzee.web.auth.SessionCookie;
import com.inkzee.web.http.WebResponse;
import com.inkzee.web.ranker.RpcErrors;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** {@code /api/signup}, {@code /api/signin}, {@code /api/signout}, {@code /api/session}. */
final class AccountApi {
  record SignUpBody(String name, String password, String email) {}

  record SignInBody(String name, String password) {}

  private final Accounts accounts;
  private final SessionCookie cookie;
  private final AccountEvents events;

  AccountApi(Accounts accounts, SessionCookie cookie, AccountEvents events) {
    this.accounts = accounts;
    this.cookie = cookie;
    this.events = events;
  }

  List<Route> routes() {
    return List.of(
        Route.of("POST", "/api/signup", false, this::signUp),
        Route.of("POST", "/api/signin", false, this::signIn),
        Route.of("POST", "/api/signout", true, this::signOut),
        Route.of("GET", "/api/session", true, c -> Json.ok(session(c.reader()))));
  }

  private WebResponse signUp(ApiCall c) {
    return counted(
        events::signUp,
        409,
        () -> {
          SignUpBody b = Json.read(c.request(), SignUpBody.class);
          return signedIn(201, accounts.signUp(b.name(), b.password(), b.email()));
        });
  }

  private WebResponse signIn(ApiCall c) {
    return counted(
        events::signIn,
        401,
        () -> {
          SignInBody b = Json.read(c.request(), SignInBody.class);
          return signedIn(200, accounts.signIn(b.name(), b.password()));
        });
  }

  /**
   * Runs an account call and reports how it ended: "ok", "rejected" for {@code rejectedStatus} (the
   * reader's own mistake), else the API error code.
   */
  private static WebResponse counted(
      Consumer<String> report, int rejectedStatus, Supplier<WebResponse> call) {
    try {
      WebResponse r = call.get();
      report.accept("ok");
      return r;
    } catch (ApiException e) {
      report.accept(e.status() == rejectedStatus ? "rejected" : e.code());
      throw e;
    } catch (RpcException e) {
      report.accept(RpcErrors.toHttp(e).code());
      throw e;
    }
  }

  private WebResponse signOut(ApiCall c) {
    accounts.signOut(c.reader());
    return WebResponse.empty(204).header("Set-Cookie", cookie.clear());
  }

  private WebResponse signedIn(int status, Accounts.SignedIn s) {
    return Json.response(status, session(s.reader()))
        .header("Set-Cookie", cookie.set(s.token(), accounts.lifetime()));
  }

  static Object session(Reader r) {
    return Json.object(
        "user", Json.object("id", r.userId(), "name", r.name()), "csrfToken", r.csrfToken());
  }
}
