package com.inkzee.web.greader;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Item ids in the forms apps send (Miniflux's googlereader README, "Item IDs", and the
 * google-reader-api ItemId page FreshRSS cites): the long form {@code
 * tag:google.com,2005:reader/item/<hex>} (16 zero-padded hex digits of the id as an unsigned 64-bit
 * number, fewer accepted), a bare 16-digit hex id, and the short form, the id in decimal as a
 * signed 64-bit number. Our entry ids are positive, so a signed and an unsigned reading agree.
 */
final class ItemIds {
  static final String LONG_PREFIX = "tag:google.com,2005:reader/item/";

  private ItemIds() {}

  /** The long form of an entry id. */
  static String longForm(long id) {
    return LONG_PREFIX + String.format(Locale.ROOT, "%016x", id);
  }

  /** The short form: decimal. */
  static String shortForm(long id) {
    return Long.toString(id);
  }

  /** An id in any accepted form; 400 naming the parameter and the value otherwise. */
  static long parse(String text, String param) {
    String t = text.strip();
    long id;
    try {
      if (t.regionMatches(true, 0, LONG_PREFIX, 0, LONG_PREFIX.length())) {
        String hex = t.substring(LONG_PREFIX.length());
        if (hex.isEmpty() || hex.length() > 16) {
          throw new NumberFormatException();
        }
        id = Long.parseUnsignedLong(hex, 16);
      } else if (t.length() == 16 && t.chars().allMatch(ItemIds::isHex)) {
        id = Long.parseUnsignedLong(t, 16); // the bare long form, as Miniflux accepts it
      } else {
        id = Long.parseLong(t);
      }
    } catch (NumberFormatException e) {
      throw GReaderException.badRequest(
          param
              + " must be an item id ("
              + LONG_PREFIX
              + "<16 hex digits>, or decimal), not '"
              + abbreviate(t)
              + "'");
    }
    if (id <= 0) {
      throw GReaderException.badRequest(param + " '" + abbreviate(t) + "' is no item of yours");
    }
    return id;
  }

  /** Every value of {@code param}, parsed, duplicates dropped, at most {@code max}. */
  static List<Long> parseAll(List<String> texts, String param, int max) {
    if (texts.size() > max) {
      throw GReaderException.badRequest(
          "at most " + max + " " + param + " values in one call, not " + texts.size());
    }
    Set<Long> ids = new LinkedHashSet<>();
    for (String t : texts) {
      ids.add(parse(t, param));
    }
    return new ArrayList<>(ids);
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }
}
