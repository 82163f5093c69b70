package com.inkzee.rpc.wire;

/**
 * Makes text a peer sent (a service name, an error message) safe to log or echo: control characters
 * are escaped, so CR/LF cannot forge log lines, and the length is capped.
 */
public final class PeerText {
  private static final int MAX_CHARS = 256;

  private PeerText() {}

  public static String printable(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 8);
    for (int i = 0; i < text.length() && out.length() < MAX_CHARS; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (out.length() >= MAX_CHARS && text.length() > MAX_CHARS) {
      out.append("...");
    }
    return out.toString();
  }
}
