package com.inkzee.web.auth;

/**
 * Told how each sign-in and sign-up ended: {@code "ok"}, {@code "rejected"} (a wrong name or
 * password; a name taken at sign-up) or the API error code that ended it ({@code
 * "backend_unavailable"}, {@code "busy"}, {@code "bad_request"}…), a small fixed set.
 */
public interface AccountEvents {
  /** Hears nothing. */
  AccountEvents NONE =
      new AccountEvents() {
        @Override
        public void signIn(String outcome) {}

        @Override
        public void signUp(String outcome) {}
      };

  void signIn(String outcome);

  void signUp(String outcome);
}
