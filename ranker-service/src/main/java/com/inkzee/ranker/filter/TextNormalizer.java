package com.inkzee.ranker.filter;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Folds text to the form keyword filters and alerts match on: words only, case- and
 * accent-insensitive, each word preceded and followed by one space, so that a whole-word or
 * consecutive-words match is a plain substring search for {@code " word1 word2 "}.
 *
 * <p>Folding is NFKD (compatibility decomposition: {@code "ﬁ"} → {@code "fi"}, {@code "é"} → {@code
 * "e"} plus a combining accent), then non-spacing marks are dropped, then lower case ({@link
 * Locale#ROOT}), and {@code "ß"} becomes {@code "ss"}. A word is a run of letters, digits and
 * spacing marks (which Indic scripts need inside words); everything else (punctuation, apostrophes,
 * symbols, spaces) separates words, so {@code "don't"} is the two words {@code "don t"}. Scripts
 * written without spaces (Chinese, Japanese, Thai) form one long word per run; whole-word matching
 * there only finds whole runs.
 *
 * <p>Each character is folded on its own, through a table filled lazily for the BMP, so ASCII text
 * costs one table lookup per character and no {@link Normalizer} call. This equals folding the
 * whole string at once except for canonical reordering of stacked combining marks, which are
 * dropped anyway.
 */
public final class TextNormalizer {
  /**
   * Separates fields or values inside one folded text ({@code " title words | text words "}). It is
   * never a word character, so no phrase can match across it.
   */
  public static final char FIELD_BREAK = '|';

  /** Lower-case ASCII letter or digit for each ASCII char, 0 for a separator. */
  static final char[] ASCII = new char[128];

  /**
   * Folded form of each BMP char above ASCII, separators already replaced by spaces; filled on
   * first use (racy but idempotent: each slot only ever receives equal immutable strings).
   */
  private static final String[] BMP = new String[65_536];

  static {
    for (char c = 0; c < 128; c++) {
      if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
        ASCII[c] = c;
      } else if (c >= 'A' && c <= 'Z') {
        ASCII[c] = (char) (c + ('a' - 'A'));
      }
    }
  }

  private TextNormalizer() {}

  /** The folded form of {@code text}: {@code " word1 word2 "}, or {@code " "} with no words. */
  public static String fold(CharSequence text) {
    StringBuilder out = new StringBuilder(text.length() + 2);
    foldInto(text, Integer.MAX_VALUE, out);
    return out.length() == 0 ? " " : out.toString();
  }

  /** The folded words of {@code text}, in order. */
  public static List<String> words(CharSequence text) {
    List<String> words = new ArrayList<>();
    for (String w : fold(text).split(" ")) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    return words;
  }

  /**
   * Appends the folded form of the first {@code maxChars} chars of {@code text} to {@code out},
   * which must be empty or end with a space; afterwards it ends with a space again.
   */
  public static void foldInto(CharSequence text, int maxChars, StringBuilder out) {
    if (out.length() == 0) {
      out.append(' ');
    }
    int end = Math.min(text.length(), maxChars);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c < 128) {
        char f = ASCII[c];
        if (f != 0) {
          out.append(f);
        } else if (out.charAt(out.length() - 1) != ' ') {
          out.append(' ');
        }
      } else if (Character.isHighSurrogate(c)
          && i + 1 < end
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        appendFolded(foldCodePoint(Character.toCodePoint(c, text.charAt(i + 1))), out);
        i++;
      } else {
        appendFolded(foldBmp(c), out);
      }
    }
    if (out.charAt(out.length() - 1) != ' ') {
      out.append(' ');
    }
  }

  /** Appends a field break: {@code "… | "}, so no phrase spans two fields or two values. */
  public static void appendBreak(StringBuilder out) {
    if (out.length() == 0) {
      out.append(' ');
    }
    out.append(FIELD_BREAK).append(' ');
  }

  private static void appendFolded(String folded, StringBuilder out) {
    for (int k = 0; k < folded.length(); k++) {
      char f = folded.charAt(k);
      if (f != ' ') {
        out.append(f);
      } else if (out.charAt(out.length() - 1) != ' ') {
        out.append(' ');
      }
    }
  }

  /** The folded form of BMP char {@code c} (not ASCII), separators as spaces; cached. */
  static String foldBmp(char c) {
    String f = BMP[c];
    if (f == null) {
      f = foldCodePoint(c);
      BMP[c] = f;
    }
    return f;
  }

  /** The folded form of one code point, separators as spaces; not cached. */
  static String foldCodePoint(int codePoint) {
    String decomposed = Normalizer.normalize(Character.toString(codePoint), Normalizer.Form.NFKD);
    StringBuilder kept = new StringBuilder(decomposed.length());
    decomposed
        .codePoints()
        .filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
        .forEach(kept::appendCodePoint);
    String lower = kept.toString().toLowerCase(Locale.ROOT).replace("ß", "ss");
    StringBuilder out = new StringBuilder(lower.length());
    lower.codePoints().forEach(cp -> out.appendCodePoint(isWordCodePoint(cp) ? cp : ' '));
    return out.toString();
  }

  private static boolean isWordCodePoint(int cp) {
    return Character.isLetterOrDigit(cp)
        || Character.getType(cp) == Character.COMBINING_SPACING_MARK;
  }
}
