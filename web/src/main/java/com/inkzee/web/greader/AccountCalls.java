package com.inkzee.web.greader;

import com.inkzee.web.api.Json;
import com.inkzee.web.apps.AppPasswords;
import com.inkzee.web.apps.AppReader;
import com.inkzee.web.http.WebResponse;
import java.util.Optional;

/**
 * Signing in and who is signed in: ClientLogin (the user name and an app password, answered with
 * the auth token as {@code SID}, {@code LSID} and {@code Auth}, in text or with {@code output=json}
 * in JSON, as Miniflux's README shows), the POST token, and user-info.
 */
final class AccountCalls {
  private final AppPasswords passwords;

  AccountCalls(AppPasswords passwords) {
    this.passwords = passwords;
  }

  WebResponse clientLogin(FormParams p) {
    String name = p.first("Email");
    String password = p.first("Passwd");
    if (name == null || name.isBlank() || password == null || password.isEmpty()) {
      return Replies.text(
          400,
          "Error=BadAuthentication\nInfo=Email (your user name) and Passwd (an app password) are"
              + " required\n");
    }
    Optional<AppReader> reader = passwords.byPassword(name.strip(), password.strip());
    if (reader.isEmpty()) {
      return Replies.text(401, "Error=BadAuthentication\n")
          .header("WWW-Authenticate", "GoogleLogin");
    }
    String auth = AppPasswords.authToken(reader.get().name(), password.strip());
    if ("json".equals(p.first("output"))) {
      return Json.ok(Json.object("SID", auth, "LSID", auth, "Auth", auth));
    }
    return Replies.text(200, "SID=" + auth + "\nLSID=" + auth + "\nAuth=" + auth + "\n");
  }

  WebResponse token(GReaderCall c) {
    return Replies.text(200, PostToken.forAuth(c.authToken()) + "\n");
  }

  WebResponse userInfo(GReaderCall c) {
    String id = Long.toString(c.userId());
    return Replies.json(
        Json.object(
            "userId",
            id,
            "userName",
            c.reader().name(),
            "userProfileId",
            id,
            "userEmail",
            c.reader().name()));
  }
}
