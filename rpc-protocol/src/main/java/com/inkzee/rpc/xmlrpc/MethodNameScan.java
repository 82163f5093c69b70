package com.inkzee.rpc.xmlrpc;

import java.nio.charset.StandardCharsets;

/**
 * Finds the {@code <methodName>} of a request body without parsing it, for a call refused before it
 * runs (the handler queue was full): parsing is the work being refused, but /metrics should still
 * say which method's calls were turned away. A plain byte search of the body's start; anything
 * unusual (a comment or CDATA in the name, another encoding than UTF-8 or ASCII) gives null, and
 * the refusal is then counted by {@link XmlRpcServer#refusedUnnamed()} only.
 */
final class MethodNameScan {
  /** How far into the body the element is looked for: a prolog and a comment or two. */
  static final int SCAN_BYTES = 1024;

  /** Longer than any method this server binds ({@code service.method}). */
  private static final int MAX_NAME_BYTES = 128;

  private static final byte[] OPEN = "<methodName>".getBytes(StandardCharsets.US_ASCII);

  private MethodNameScan() {}

  /** The method name the body's start declares, or null when it cannot be read this way. */
  static String find(byte[] body) {
    int limit = Math.min(body.length, SCAN_BYTES);
    int at = indexOf(body, OPEN, limit);
    if (at < 0) {
      return null;
    }
    int start = at + OPEN.length;
    int end = start;
    while (end < body.length && end - start <= MAX_NAME_BYTES && body[end] != '<') {
      if (!nameByte(body[end]) && !whitespace(body[end])) {
        return null;
      }
      end++;
    }
    if (end >= body.length || body[end] != '<' || end - start > MAX_NAME_BYTES) {
      return null;
    }
    String name = new String(body, start, end - start, StandardCharsets.US_ASCII).strip();
    return name.isEmpty() ? null : name;
  }

  private static int indexOf(byte[] body, byte[] needle, int limit) {
    outer:
    for (int i = 0; i + needle.length <= limit; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (body[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The characters XML-RPC method names use in practice (the spec's letters, digits, _ . : /). */
  private static boolean nameByte(byte b) {
    return (b >= 'a' && b <= 'z')
        || (b >= 'A' && b <= 'Z')
        || (b >= '0' && b <= '9')
        || b == '_'
        || b == '.'
        || b == ':'
        || b == '/';
  }

  private static boolean whitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }
}
