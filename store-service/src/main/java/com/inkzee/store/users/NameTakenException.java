package com.inkzee.store.users;

/** A new account asked for a user name that is in use; answered ALREADY_EXISTS. */
public final class NameTakenException extends RuntimeException {
  private final String name;

  public NameTakenException(String name) {
    super("the name '" + name + "' is taken");
    this.name = name;
  }

  public String name() {
    return name;
  }
}
