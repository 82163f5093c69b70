package com.inkzee.web.greader;

/**
 * A Google Reader API call that ends in an HTTP error: the status and a plain-text message saying
 * what was wrong (the dialect's errors are plain text, as FreshRSS and Miniflux answer them).
 */
final class GReaderException extends RuntimeException {
  private final int status;

  GReaderException(int status, String message) {
    super(message);
    this.status = status;
  }

  static GReaderException badRequest(String message) {
    return new GReaderException(400, message);
  }

  static GReaderException unauthorized(String message) {
    return new GReaderException(401, message);
  }

  int status() {
    return status;
  }
}
