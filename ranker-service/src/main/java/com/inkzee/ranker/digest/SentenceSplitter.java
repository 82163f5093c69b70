package com.inkzee.ranker.digest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits plain text into sentences for the summarizer, without a language model: a sentence ends at
 * {@code . ! ?} or an ellipsis (with any closing quotes or brackets) followed by white space, at a
 * CJK full stop, or at a blank line.
 *
 * <p>A full stop does not end a sentence when it is not followed by white space (decimals such as
 * {@code 3.14}, URLs, {@code e.g.,}), when the next word starts with a lower-case letter (most
 * unknown abbreviations: {@code approx. five}), or after a known abbreviation: a title such as
 * {@code Dr.}, a Latin one such as {@code e.g.}, a dotted acronym such as {@code U.S.} or {@code
 * Ph.D.}, a single-letter initial ({@code George W. Bush}), or, before a number, {@code No. 5},
 * {@code Fig. 2}, {@code Jan. 2024}. The price: {@code "…moved to the U.S. Then…"} stays one
 * sentence.
 */
public final class SentenceSplitter {
  /** Abbreviations (lower case, without their final dot) that never end a sentence. */
  private static final Set<String> NEVER_FINAL =
      Set.of(
          "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "gov", "sen", "rep",
          "rev", "hon", "capt", "lt", "col", "sgt", "cf", "vs", "viz", "approx", "ca", "dept",
          "univ", "est");

  /** Abbreviations that do not end a sentence when a number follows: {@code No. 5}. */
  private static final Set<String> BEFORE_NUMBER =
      Set.of(
          "no", "nos", "fig", "figs", "p", "pp", "vol", "art", "sec", "ch", "eq", "ref", "op",
          "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec");

  private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

  private SentenceSplitter() {}

  /**
   * The sentences of {@code text} in order, each stripped, with runs of white space collapsed to
   * one space; empty for blank text.
   */
  public static List<String> split(String text) {
    List<String> sentences = new ArrayList<>();
    int n = text.length();
    int start = 0;
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\n' && isParagraphBreak(text, i)) {
        add(sentences, text, start, i);
        start = i;
        i++;
      } else if (c == '。' || c == '！' || c == '？') {
        int end = skipClosers(text, i + 1);
        add(sentences, text, start, end);
        start = end;
        i = end;
      } else if (c == '.' || c == '!' || c == '?' || c == '…') {
        int runEnd = i + 1;
        while (runEnd < n && isTerminator(text.charAt(runEnd))) {
          runEnd++;
        }
        int end = skipClosers(text, runEnd);
        if (end < n
            && Character.isWhitespace(text.charAt(end))
            && endsSentence(text, start, i, runEnd, end)) {
          add(sentences, text, start, end);
          start = end;
        }
        i = end;
      } else {
        i++;
      }
    }
    add(sentences, text, start, n);
    return sentences;
  }

  /**
   * Whether the terminator run {@code [dot, runEnd)} followed by white space at {@code end} ends
   * the sentence that began at {@code start}.
   */
  private static boolean endsSentence(String text, int start, int dot, int runEnd, int end) {
    int next = end;
    while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
      next++;
    }
    if (next == text.length()) {
      return true;
    }
    char following = text.charAt(next);
    if (Character.isLowerCase(following)) {
      return false;
    }
    if (runEnd - dot != 1 || text.charAt(dot) != '.') {
      return true; // "?", "!", "?!", an ellipsis: no abbreviation ends that way
    }
    String word = wordBefore(text, start, dot);
    if (word.isEmpty()) {
      return true;
    }
    if (word.length() == 1 && Character.isLetter(word.charAt(0))) {
      return false; // an initial
    }
    if (isDottedAcronym(word)) {
      return false;
    }
    if (NEVER_FINAL.contains(word)) {
      return false;
    }
    return !(BEFORE_NUMBER.contains(word) && Character.isDigit(following));
  }

  /** The word ending just before {@code dot}, lower case, without leading punctuation. */
  private static String wordBefore(String text, int start, int dot) {
    int from = dot;
    while (from > start && !Character.isWhitespace(text.charAt(from - 1))) {
      from--;
    }
    while (from < dot && !Character.isLetterOrDigit(text.charAt(from))) {
      from++;
    }
    return text.substring(from, dot).toLowerCase(Locale.ROOT);
  }

  /** {@code u.s}, {@code e.g}, {@code ph.d}: dot-separated pieces of one or two letters. */
  private static boolean isDottedAcronym(String word) {
    if (word.indexOf('.') < 0) {
      return false;
    }
    for (String piece : word.split("\\.", -1)) {
      if (piece.isEmpty() || piece.length() > 2 || !piece.chars().allMatch(Character::isLetter)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isTerminator(char c) {
    return c == '.' || c == '!' || c == '?' || c == '…';
  }

  private static int skipClosers(String text, int from) {
    int i = from;
    while (i < text.length() && "\"')]}’”»」』".indexOf(text.charAt(i)) >= 0) {
      i++;
    }
    return i;
  }

  /** A line break followed, after optional blanks, by another: a paragraph ends. */
  private static boolean isParagraphBreak(String text, int newline) {
    int i = newline + 1;
    while (i < text.length()
        && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\r')) {
      i++;
    }
    return i < text.length() && text.charAt(i) == '\n';
  }

  private static void add(List<String> sentences, String text, int from, int to) {
    String sentence = text.substring(from, to).strip();
    sentence = WHITE_SPACE.matcher(sentence).replaceAll(" ");
    if (!sentence.isEmpty()) {
      sentences.add(sentence);
    }
  }
}
