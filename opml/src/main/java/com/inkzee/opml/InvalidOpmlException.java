package com.inkzee.opml;

/**
 * The input is not an OPML subscription list we accept: not XML, not OPML, a DOCTYPE (refused so
 * that no entity is ever expanded or fetched), or over one of {@link OpmlReader}'s limits. The
 * message says which, in words a user importing a file can act on.
 */
public class InvalidOpmlException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidOpmlException(String message) {
    super(message);
  }

  public InvalidOpmlException(String message, Throwable cause) {
    super(message, cause);
  }
}
