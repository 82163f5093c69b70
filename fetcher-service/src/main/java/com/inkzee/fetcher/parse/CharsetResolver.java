package com.inkzee.fetcher.parse;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a feed's bytes into text, reconciling the three places an encoding can be named.
 *
 * <ol>
 *   <li>A byte-order mark wins (UTF-8, UTF-16 BE/LE, UTF-32 BE/LE): it cannot be there by accident,
 *       and a proxy cannot have rewritten it.
 *   <li>Without a BOM, UTF-16/UTF-32 text is recognised by the zero bytes around its first {@code
 *       <} (XML 1.0 appendix F).
 *   <li>Otherwise the XML declaration's {@code encoding} wins over the HTTP header's {@code
 *       charset}: the declaration travels with the document, while header charsets are often a
 *       server default (text/xml; charset=ISO-8859-1) that nobody set for this file. The header is
 *       used when the document declares nothing (or something Java does not know). Two checks
 *       override a declared name, because the bytes prove it wrong: bytes that are not valid UTF-8
 *       are never read as UTF-8 (the other candidate, else windows-1252, is used), and bytes that
 *       are valid UTF-8 with multi-byte sequences are read as UTF-8 even if a single-byte charset
 *       is declared (mis-declared UTF-8 is common; real windows-1252 text is almost never valid
 *       UTF-8 by chance).
 *   <li>With nothing declared: UTF-8 if the bytes are valid UTF-8, else windows-1252 (a superset of
 *       ISO-8859-1, as browsers read "latin-1").
 * </ol>
 *
 * Every override is reported as a recovery. Bytes that are invalid in the chosen charset become
 * U+FFFD (also reported).
 */
final class CharsetResolver {
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
  private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
  private static final Charset UTF_32LE = Charset.forName("UTF-32LE");

  /** Only the first bytes are searched for the XML declaration: it must come first. */
  private static final int PROLOG_SCAN_BYTES = 1024;

  private static final Pattern DECLARED_ENCODING =
      Pattern.compile("<\\?xml[^>]*?encoding\\s*=\\s*[\"']([^\"']{1,64})[\"']");
  private static final Pattern HEADER_CHARSET =
      Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([^\";\\s]{1,64})");

  /** The text, the charset it was read with, and what had to be overridden or replaced. */
  record Decoded(String text, Charset charset, List<String> recoveries) {}

  private CharsetResolver() {}

  static Decoded decode(byte[] body, String contentType) {
    List<String> recoveries = new ArrayList<>();
    Bom bom = Bom.of(body);
    if (bom != null) {
      return new Decoded(
          decodeWith(body, bom.length, bom.charset, recoveries), bom.charset, recoveries);
    }
    Charset sniffed = sniffWideEncoding(body);
    if (sniffed != null) {
      return new Decoded(decodeWith(body, 0, sniffed, recoveries), sniffed, recoveries);
    }
    Charset declared = known(declaredEncoding(body), "XML declaration", recoveries);
    Charset header = known(headerCharset(contentType), "HTTP Content-Type", recoveries);
    Charset chosen = choose(body, declared, header, recoveries);
    return new Decoded(decodeWith(body, 0, chosen, recoveries), chosen, recoveries);
  }

  private static Charset choose(
      byte[] body, Charset declared, Charset header, List<String> recoveries) {
    Charset first = declared != null ? declared : header;
    Charset second = declared != null ? header : null;
    Utf8 utf8 = Utf8.check(body);
    if (first == null) {
      if (utf8 == Utf8.INVALID) {
        recoveries.add("no encoding declared and the bytes are not UTF-8: read as windows-1252");
        return WINDOWS_1252;
      }
      return StandardCharsets.UTF_8;
    }
    if (second != null && !second.equals(first)) {
      recoveries.add(
          "HTTP charset " + header.name() + " ignored: the XML declaration says " + first.name());
    }
    if (first.equals(StandardCharsets.UTF_8) && utf8 == Utf8.INVALID) {
      Charset other = second != null && !second.equals(first) ? second : WINDOWS_1252;
      recoveries.add("declared UTF-8 but the bytes are not UTF-8: read as " + other.name());
      return other;
    }
    if (utf8 == Utf8.VALID_MULTIBYTE && isSingleByte(first)) {
      recoveries.add(
          "declared "
              + first.name()
              + " but the bytes are UTF-8 (multi-byte sequences): read as UTF-8");
      return StandardCharsets.UTF_8;
    }
    if (isWide(first)) {
      // The bytes are ASCII-compatible (no BOM, no zero bytes around '<'): a UTF-16/32 label lies.
      recoveries.add("declared " + first.name() + " but the bytes are 8-bit: read as UTF-8");
      return utf8 == Utf8.INVALID ? WINDOWS_1252 : StandardCharsets.UTF_8;
    }
    return first;
  }

  private static boolean isSingleByte(Charset c) {
    return c.newEncoder().maxBytesPerChar() <= 1.0f;
  }

  private static boolean isWide(Charset c) {
    String n = c.name().toUpperCase(Locale.ROOT);
    return n.startsWith("UTF-16") || n.startsWith("UTF-32");
  }

  private static Charset known(String name, String where, List<String> recoveries) {
    if (name == null) {
      return null;
    }
    try {
      return Charset.forName(name.trim());
    } catch (IllegalArgumentException e) {
      recoveries.add("unknown encoding \"" + name + "\" in the " + where + " ignored");
      return null;
    }
  }

  static String headerCharset(String contentType) {
    if (contentType == null) {
      return null;
    }
    Matcher m = HEADER_CHARSET.matcher(contentType);
    return m.find() ? m.group(1) : null;
  }

  private static String declaredEncoding(byte[] body) {
    int n = Math.min(body.length, PROLOG_SCAN_BYTES);
    String head = new String(body, 0, n, StandardCharsets.ISO_8859_1);
    int decl = head.indexOf("<?xml");
    if (decl < 0 || !head.substring(0, decl).isBlank()) {
      return null; // a declaration after other text is not one (the lenient retry removes it)
    }
    Matcher m = DECLARED_ENCODING.matcher(head);
    return m.find(decl) && m.start() == decl ? m.group(1) : null;
  }

  /** XML 1.0 appendix F: a '<' with zero bytes around it is UTF-16 or UTF-32 without a BOM. */
  private static Charset sniffWideEncoding(byte[] b) {
    if (b.length < 4) {
      return null;
    }
    if (b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == '<') {
      return UTF_32BE;
    }
    if (b[0] == '<' && b[1] == 0 && b[2] == 0 && b[3] == 0) {
      return UTF_32LE;
    }
    if (b[0] == 0 && b[1] == '<' && b[2] == 0 && b[3] != 0) {
      return StandardCharsets.UTF_16BE;
    }
    if (b[0] == '<' && b[1] == 0 && b[2] != 0 && b[3] == 0) {
      return StandardCharsets.UTF_16LE;
    }
    return null;
  }

  private static String decodeWith(byte[] body, int offset, Charset cs, List<String> recoveries) {
    ByteBuffer in = ByteBuffer.wrap(body, offset, body.length - offset);
    try {
      return strict(cs).decode(in).toString();
    } catch (CharacterCodingException e) {
      recoveries.add("bytes invalid in " + cs.name() + " replaced with U+FFFD");
      CharsetDecoder lenient =
          cs.newDecoder()
              .onMalformedInput(CodingErrorAction.REPLACE)
              .onUnmappableCharacter(CodingErrorAction.REPLACE);
      try {
        CharBuffer out = lenient.decode(ByteBuffer.wrap(body, offset, body.length - offset));
        return out.toString();
      } catch (CharacterCodingException impossible) {
        throw new IllegalStateException("REPLACE decoder reported an error", impossible);
      }
    }
  }

  private static CharsetDecoder strict(Charset cs) {
    return cs.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  private enum Utf8 {
    ASCII,
    VALID_MULTIBYTE,
    INVALID;

    static Utf8 check(byte[] body) {
      boolean multibyte = false;
      for (byte b : body) {
        if (b < 0) {
          multibyte = true;
          break;
        }
      }
      if (!multibyte) {
        return ASCII;
      }
      try {
        strict(StandardCharsets.UTF_8).decode(ByteBuffer.wrap(body));
        return VALID_MULTIBYTE;
      } catch (CharacterCodingException e) {
        return INVALID;
      }
    }
  }

  private record Bom(Charset charset, int length) {
    static Bom of(byte[] b) {
      if (b.length >= 4
          && b[0] == 0
          && b[1] == 0
          && (b[2] & 0xFF) == 0xFE
          && (b[3] & 0xFF) == 0xFF) {
        return new Bom(UTF_32BE, 4);
      }
      if (b.length >= 4
          && (b[0] & 0xFF) == 0xFF
          && (b[1] & 0xFF) == 0xFE
          && b[2] == 0
          && b[3] == 0) {
        return new Bom(UTF_32LE, 4);
      }
      if (b.length >= 3
          && (b[0] & 0xFF) == 0xEF
          && (b[1] & 0xFF) == 0xBB
          && (b[2] & 0xFF) == 0xBF) {
        return new Bom(StandardCharsets.UTF_8, 3);
      }
      if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
        return new Bom(StandardCharsets.UTF_16BE, 2);
      }
      if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
        return new Bom(StandardCharsets.UTF_16LE, 2);
      }
      return null;
    }
  }
}
