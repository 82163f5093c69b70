package com.inkzee.store.entries;

/**
 * Counts the words of an entry's visible text, from which the ranker derives reading time. Tags
 * ({@code <...>}) are skipped and separate words; character references count as the character they
 * stand for ({@code caf&eacute;} is one word, {@code &nbsp;} and {@code &amp;} separate). A word is
 * a run of letters and digits, which may hold an apostrophe or hyphen between two of them ({@code
 * don't}, {@code e-mail}). Han, Hiragana and Katakana characters count one word each: those scripts
 * do not put spaces between words, and a character is about what a reader takes in at a time.
 *
 * <p>The input is sanitised HTML (the store never sees scripts or styles), so no parser is needed.
 */
final class WordCounter {
  private WordCounter() {}

  /** Words of {@code html}, 0 for null. */
  static int count(String html) {
    if (html == null) {
      return 0;
    }
    int words = 0;
    boolean inWord = false;
    int n = html.length();
    int i = 0;
    while (i < n) {
      int cp = html.codePointAt(i);
      int next = i + Character.charCount(cp);
      Kind kind;
      if (cp == '<') {
        int close = html.indexOf('>', next);
        next = close < 0 ? n : close + 1;
        kind = Kind.SEPARATOR;
      } else if (cp == '&') {
        int semi = html.indexOf(';', next);
        if (semi > next && semi - next <= 10) {
          kind = entityKind(html.substring(next, semi));
          next = semi + 1;
        } else {
          kind = Kind.SEPARATOR;
        }
      } else {
        kind = kindOf(cp);
      }
      switch (kind) {
        case LETTER -> {
          if (!inWord) {
            words++;
            inWord = true;
          }
        }
        case IDEOGRAPH -> {
          words++;
          inWord = false;
        }
        case JOINER -> {
          // An apostrophe or hyphen continues a word only when a letter follows it.
          if (inWord && (next >= n || kindOf(html.codePointAt(next)) != Kind.LETTER)) {
            inWord = false;
          }
        }
        case SEPARATOR -> inWord = false;
      }
      i = next;
    }
    return words;
  }

  private enum Kind {
    LETTER,
    IDEOGRAPH,
    JOINER,
    SEPARATOR
  }

  private static Kind kindOf(int cp) {
    if (cp == '\'' || cp == '\u2019' || cp == '-') {
      return Kind.JOINER;
    }
    if (!Character.isLetterOrDigit(cp) && Character.getType(cp) != Character.NON_SPACING_MARK) {
      return Kind.SEPARATOR;
    }
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    if (script == Character.UnicodeScript.HAN
        || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA) {
      return Kind.IDEOGRAPH;
    }
    return Kind.LETTER;
  }

  /** What a character reference ({@code name} between {@code &} and {@code ;}) stands for. */
  private static Kind entityKind(String name) {
    if (name.startsWith("#")) {
      try {
        int cp =
            name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                ? Integer.parseInt(name.substring(2), 16)
                : Integer.parseInt(name.substring(1));
        return Character.isValidCodePoint(cp) ? kindOf(cp) : Kind.SEPARATOR;
      } catch (NumberFormatException e) {
        return Kind.SEPARATOR;
      }
    }
    return switch (name) {
      case "nbsp",
          "amp",
          "lt",
          "gt",
          "quot",
          "ensp",
          "emsp",
          "thinsp",
          "mdash",
          "ndash",
          "hellip" ->
          Kind.SEPARATOR;
      case "apos", "rsquo" -> Kind.JOINER;
      default -> Kind.LETTER; // accented letters and the like: &eacute;, &uuml;, &szlig;
    };
  }
}
