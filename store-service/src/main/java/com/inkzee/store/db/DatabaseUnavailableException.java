package com.inkzee.store.db;

/** The database could not be reached or stopped answering; the call may be retried later. */
public final class DatabaseUnavailableException extends RuntimeException {
  public DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
