package com.inkzee.fetcher.poll;

import com.inkzee.rpc.api.store.EntryMessages.Enclosure;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.StoreLimits;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Fits parsed entries inside {@link StoreLimits} before they are sent. The store refuses a batch
 * with an over-long field as a whole, so trimming here is what keeps one absurd entry (a 5 MiB
 * inlined image, a 2,000-category spam post) from costing the feed all its other entries.
 */
final class EntryLimits {
  private EntryLimits() {}

  /** The entry with every field within its limit; entries already within them come back as is. */
  static EntryInput fit(EntryInput e) {
    List<Enclosure> enclosures = e.enclosures();
    if (enclosures != null) {
      List<Enclosure> kept = new ArrayList<>();
      for (Enclosure en :
          enclosures.subList(0, Math.min(enclosures.size(), StoreLimits.MAX_ENCLOSURES))) {
        if (en.url() != null && utf8Length(en.url()) <= StoreLimits.MAX_URL_BYTES) {
          kept.add(
              new Enclosure(
                  en.url(), label(en.mimeType()), en.lengthBytes(), en.durationSeconds()));
        }
      }
      enclosures = kept;
    }
    List<String> categories = e.categories();
    if (categories != null) {
      List<String> kept = new ArrayList<>();
      for (String c :
          categories.subList(0, Math.min(categories.size(), StoreLimits.MAX_CATEGORIES))) {
        kept.add(label(c));
      }
      categories = kept;
    }
    return new EntryInput(
        key(e.entryKey()),
        e.guid() != null && utf8Length(e.guid()) > StoreLimits.MAX_KEY_BYTES ? null : e.guid(),
        e.url() != null && utf8Length(e.url()) > StoreLimits.MAX_URL_BYTES ? null : e.url(),
        truncate(e.title(), StoreLimits.MAX_TITLE_BYTES),
        label(e.author()),
        truncate(e.summary(), StoreLimits.MAX_SUMMARY_BYTES),
        truncate(e.content(), StoreLimits.MAX_CONTENT_BYTES),
        categories,
        enclosures,
        e.publishedAt(),
        e.updatedAt(),
        e.fingerprint(),
        language(e.language()));
  }

  /** A language over its limit is dropped, not cut: a cut tag names no language. */
  private static String language(String language) {
    return language != null && utf8Length(language) > StoreLimits.MAX_LANGUAGE_BYTES
        ? null
        : language;
  }

  /**
   * A key over the limit is replaced by its SHA-256, never cut: two long GUIDs sharing a prefix
   * must stay two entries, and the same GUID must give the same key on every fetch.
   */
  static String key(String key) {
    if (key == null || utf8Length(key) <= StoreLimits.MAX_KEY_BYTES) {
      return key;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String label(String s) {
    return truncate(s, StoreLimits.MAX_LABEL_BYTES);
  }

  /**
   * Cuts {@code s} to at most {@code maxBytes} of UTF-8 on a code point boundary. A cut HTML body
   * may end inside a tag; the reader page parses it leniently, as browsers do.
   */
  static String truncate(String s, int maxBytes) {
    if (s == null || s.length() * 3 <= maxBytes || utf8Length(s) <= maxBytes) {
      return s;
    }
    int bytes = 0;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + n > maxBytes) {
        break;
      }
      bytes += n;
      i += Character.charCount(cp);
    }
    return s.substring(0, i);
  }

  /**
   * An upper estimate of {@code e}'s encoded size: every string's UTF-8 plus a length prefix, and
   * room for the numbers, dates and message framing.
   */
  static long estimatedBytes(EntryInput e) {
    long n = 64;
    for (String s :
        new String[] {
          e.entryKey(),
          e.guid(),
          e.url(),
          e.title(),
          e.author(),
          e.summary(),
          e.content(),
          e.language()
        }) {
      n += stringBytes(s);
    }
    if (e.categories() != null) {
      for (String c : e.categories()) {
        n += stringBytes(c);
      }
    }
    if (e.enclosures() != null) {
      for (Enclosure en : e.enclosures()) {
        n += 32 + stringBytes(en.url()) + stringBytes(en.mimeType());
      }
    }
    return n;
  }

  private static long stringBytes(String s) {
    return s == null ? 1 : 5 + utf8Length(s);
  }

  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
