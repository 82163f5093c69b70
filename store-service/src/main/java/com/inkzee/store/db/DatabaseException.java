package com.inkzee.store.db;

/** A database error that is not about reachability: a bug or a broken invariant, logged in full. */
public final class DatabaseException extends RuntimeException {
  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
