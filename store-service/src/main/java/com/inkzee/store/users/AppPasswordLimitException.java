package com.inkzee.store.users;

/** A user already has the most app passwords allowed; answered RESOURCE_EXHAUSTED. */
public final class AppPasswordLimitException extends RuntimeException {
  public AppPasswordLimitException(long userId, int limit) {
    super(
        "user "
            + userId
            + " already has "
            + limit
            + " app passwords, the most allowed; revoke one first");
  }
}
