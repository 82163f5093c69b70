package com.inkzee.ranker.filter;

import java.util.Arrays;

/**
 * Reads the folded words of a text one at a time into a reused buffer, hashing each as it is read:
 * the same words, in the same order, as {@link TextNormalizer#words}, without a String per word or
 * a folded copy of the text. Keyword filters and alerts look words up by {@link #hash()} and {@link
 * #chars()}; the hot loop allocates nothing (the buffer grows only for a word longer than any
 * before).
 *
 * <p>ASCII chars cost one table lookup; other chars go through {@link TextNormalizer}'s fold table
 * (NFKD, marks dropped, lower case), whose result may be several chars and may hold separators, so
 * a word can end in the middle of one char's folded form.
 *
 * <p>Mutable and not thread-safe: keep one per thread and {@link #reset} it per text.
 */
public final class WordReader {
  private String text = "";
  private int pos;
  private int end;
  private String pending; // folded form of the last non-ASCII char, not yet all read
  private int pendingPos;
  private char[] word = new char[32];
  private int length;
  private int hash;

  /** Starts reading the first {@code maxChars} chars of {@code text}; returns this reader. */
  public WordReader reset(String text, int maxChars) {
    this.text = text;
    this.pos = 0;
    this.end = Math.min(text.length(), maxChars);
    this.pending = null;
    this.length = 0;
    return this;
  }

  /** Reads the next word; false at the end of the text. */
  public boolean next() {
    length = 0;
    hash = 0;
    if (pending != null && readPending()) {
      return true;
    }
    String t = text;
    while (pos < end) {
      char c = t.charAt(pos++);
      if (c < 128) {
        char f = TextNormalizer.ASCII[c];
        if (f != 0) {
          append(f);
        } else if (length > 0) {
          return true;
        }
      } else {
        if (Character.isHighSurrogate(c) && pos < end && Character.isLowSurrogate(t.charAt(pos))) {
          pending = TextNormalizer.foldCodePoint(Character.toCodePoint(c, t.charAt(pos++)));
        } else {
          pending = TextNormalizer.foldBmp(c);
        }
        pendingPos = 0;
        if (readPending()) {
          return true;
        }
      }
    }
    return length > 0;
  }

  /** The current word's chars, in {@code [0, length())}; overwritten by the next call. */
  public char[] chars() {
    return word;
  }

  /** Chars in the current word. */
  public int length() {
    return length;
  }

  /** {@code 31 * h + c} over the current word's chars: the word's {@link String#hashCode()}. */
  public int hash() {
    return hash;
  }

  /** The current word as a String (allocates; for tests and errors). */
  @Override
  public String toString() {
    return new String(word, 0, length);
  }

  /** Appends the pending folded chars up to a separator that ends a word; true if one did. */
  private boolean readPending() {
    String p = pending;
    for (int k = pendingPos; k < p.length(); k++) {
      char f = p.charAt(k);
      if (f != ' ') {
        append(f);
      } else if (length > 0) {
        pendingPos = k + 1;
        return true;
      }
    }
    pending = null;
    return false;
  }

  private void append(char c) {
    if (length == word.length) {
      word = Arrays.copyOf(word, length * 2);
    }
    word[length++] = c;
    hash = 31 * hash + c;
  }
}
