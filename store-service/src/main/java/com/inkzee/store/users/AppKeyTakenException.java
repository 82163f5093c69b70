package com.inkzee.store.users;

/**
 * A new app password came with a digest another app password already has; answered ALREADY_EXISTS.
 * With 128 random bits per password this is a gateway's bug (a digest sent twice), never chance.
 */
public final class AppKeyTakenException extends RuntimeException {
  public AppKeyTakenException(String field) {
    super(field + " is already in use by another app password");
  }
}
