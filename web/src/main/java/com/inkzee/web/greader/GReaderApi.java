package com.inkzee.web.greader;

import com.inkzee.rpc.status.RpcException;
import com.inkzee.web.api.ApiException;
import com.inkzee.web.apps.AppPasswords;
import com.inkzee.web.apps.AppReader;
import com.inkzee.web.http.RequestHandler;
import com.inkzee.web.http.WebRequest;
import com.inkzee.web.http.WebResponse;
import com.inkzee.web.ranker.RankerGateway;
import com.inkzee.web.ranker.RpcErrors;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The Google Reader API under {@code /api/greader}, in the dialect FreshRSS and Miniflux implement,
 * for reading apps (Reeder, NetNewsWire, ReadKit, FeedMe, Fluent Reader, NewsFlash). Apps sign in
 * at {@code accounts/ClientLogin} with an app password ({@link AppPasswords}) and send {@code
 * Authorization: GoogleLogin auth=<token>} on every other call; a POST may carry {@code T}, the
 * token of {@code reader/api/0/token}, and is refused with any other ({@link PostToken#accepts}).
 * These routes use no cookie, so the web page's cookie CSRF checks do not apply to them: the auth
 * header is what a browser cannot forge.
 */
public final class GReaderApi implements RequestHandler {
  /** Where the API lives; apps are given {@code <site>/api/greader} as the server address. */
  public static final String PREFIX = "/api/greader/";

  private static final String READER = "reader/api/0/";
  private static final String CONTENTS = READER + "stream/contents";
  private static final Set<String> GET = Set.of("GET");
  private static final Set<String> POST = Set.of("POST");
  private static final Set<String> BOTH = Set.of("GET", "POST");

  /**
   * A call's methods and handler; {@code bodyIsDocument}: the body is a document (OPML), not a
   * form, so its parameters (T among them) come from the query string.
   */
  private record Endpoint(
      Set<String> methods, Function<GReaderCall, WebResponse> handler, boolean bodyIsDocument) {
    Endpoint(Set<String> methods, Function<GReaderCall, WebResponse> handler) {
      this(methods, handler, false);
    }
  }

  private final AppPasswords passwords;
  private final AccountCalls accounts;
  private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

  public GReaderApi(RankerGateway ranker, AppPasswords passwords, Clock clock) {
    this(ranker, passwords, clock, SubscriptionCalls.SUBSCRIBE_BUDGET);
  }

  /** With another time for one {@code subscription/edit ac=subscribe} (tests: seconds). */
  GReaderApi(RankerGateway ranker, AppPasswords passwords, Clock clock, Duration subscribeBudget) {
    this.passwords = passwords;
    this.accounts = new AccountCalls(passwords);
    SubscriptionCalls subs = new SubscriptionCalls(ranker, subscribeBudget);
    StreamCalls streams = new StreamCalls(ranker, clock);
    MarkCalls marks = new MarkCalls(ranker, clock);
    FolderCalls folders = new FolderCalls(ranker);
    OpmlCalls opml = new OpmlCalls(ranker);
    endpoints.put(READER + "token", new Endpoint(GET, accounts::token));
    endpoints.put(READER + "user-info", new Endpoint(GET, accounts::userInfo));
    endpoints.put(READER + "subscription/list", new Endpoint(GET, subs::list));
    endpoints.put(READER + "subscription/quickadd", new Endpoint(POST, subs::quickAdd));
    endpoints.put(READER + "subscription/edit", new Endpoint(POST, subs::edit));
    endpoints.put(READER + "tag/list", new Endpoint(GET, subs::tagList));
    endpoints.put(READER + "subscription/export", new Endpoint(GET, opml::export));
    endpoints.put(READER + "subscription/import", new Endpoint(POST, opml::importDocument, true));
    endpoints.put(READER + "rename-tag", new Endpoint(POST, folders::rename));
    endpoints.put(READER + "disable-tag", new Endpoint(POST, folders::disable));
    endpoints.put(READER + "unread-count", new Endpoint(GET, subs::unreadCount));
    endpoints.put(CONTENTS, new Endpoint(BOTH, streams::contents));
    endpoints.put(READER + "stream/items/ids", new Endpoint(BOTH, streams::itemIds));
    endpoints.put(READER + "stream/items/contents", new Endpoint(BOTH, streams::itemContents));
    endpoints.put(READER + "edit-tag", new Endpoint(POST, marks::editTag));
    endpoints.put(READER + "mark-all-as-read", new Endpoint(POST, marks::markAllAsRead));
  }

  /** Whether {@code path} is this API's (the one hook the web server's dispatch needs). */
  public static boolean owns(String path) {
    return path.startsWith(PREFIX) || path.equals("/api/greader");
  }

  @Override
  public WebResponse handle(WebRequest r) {
    String path = r.path().length() > PREFIX.length() ? r.path().substring(PREFIX.length()) : "";
    String streamInPath = "";
    String key = path;
    if (path.startsWith(CONTENTS + "/")) {
      streamInPath = path.substring(CONTENTS.length() + 1);
      key = CONTENTS;
    }
    // The metrics label: a known call's name, never a raw path (unknown: "unmatched").
    String route =
        key.equals("accounts/ClientLogin") || endpoints.containsKey(key)
            ? PREFIX + key + (streamInPath.isEmpty() ? "" : "/{stream}")
            : null;
    try {
      return dispatch(r, key, streamInPath).route(route);
    } catch (GReaderException e) {
      return error(e.status(), e.getMessage()).route(route);
    } catch (ApiException e) {
      return error(e.status(), e.getMessage()).route(route);
    } catch (RpcException e) {
      ApiException h = RpcErrors.toHttp(e);
      return error(h.status(), h.getMessage()).route(route);
    }
  }

  private WebResponse dispatch(WebRequest r, String key, String streamInPath) {
    if (key.equals("accounts/ClientLogin")) {
      requireMethod(r, BOTH);
      return accounts.clientLogin(FormParams.of(r));
    }
    Endpoint e = endpoints.get(key);
    if (e == null) {
      throw new GReaderException(
          404, "no Google Reader endpoint " + ItemIds.abbreviate(r.path()) + " here");
    }
    requireMethod(r, e.methods());
    String auth = authToken(r.header("Authorization"));
    Optional<AppReader> reader = passwords.byToken(auth);
    if (reader.isEmpty()) {
      throw GReaderException.unauthorized(
          "the auth token is unknown, or its app password was revoked: sign in again"
              + " (accounts/ClientLogin)");
    }
    FormParams p = e.bodyIsDocument() ? FormParams.ofQuery(r) : FormParams.of(r);
    if (r.method().equals("POST") && !PostToken.accepts(p.first("T"), auth)) {
      throw GReaderException.unauthorized(
          "T is not this sign-in's token; get one from GET reader/api/0/token");
    }
    String output = p.first("output");
    if (output != null && !output.isEmpty() && !output.equals("json")) {
      throw GReaderException.badRequest("only output=json is supported, not " + output);
    }
    return e.handler().apply(new GReaderCall(r, p, reader.get(), auth, streamInPath));
  }

  private static void requireMethod(WebRequest r, Set<String> methods) {
    if (!methods.contains(r.method())) {
      throw new GReaderException(
          405,
          r.method() + " is not allowed on " + r.path() + "; use " + String.join(" or ", methods));
    }
  }

  /** The token of {@code Authorization: GoogleLogin auth=<token>}; 401 saying what is missing. */
  static String authToken(String header) {
    String h = header == null ? "" : header.strip();
    String scheme = "GoogleLogin";
    if (h.regionMatches(true, 0, scheme, 0, scheme.length())) {
      String rest = h.substring(scheme.length()).strip();
      if (rest.toLowerCase(Locale.ROOT).startsWith("auth=") && rest.length() > 5) {
        return rest.substring(5).strip();
      }
    }
    throw GReaderException.unauthorized(
        "send Authorization: GoogleLogin auth=<the Auth value accounts/ClientLogin answered>");
  }

  private static WebResponse error(int status, String message) {
    WebResponse w = Replies.text(status, message == null ? "error" : message);
    if (status == 401) {
      // Google Reader's own hint that the token is bad (X-Reader-), and FreshRSS's spelling.
      w.header("X-Reader-Google-Bad-Token", "true").header("Google-Bad-Token", "true");
    }
    if (status == 503) {
      w.header("Retry-After", "5");
    }
    return w;
  }
}
